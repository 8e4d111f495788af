-- Where does the tool run: which JDKs and operating systems, in CI or locally (and which CI),
-- in a container or not, in which terminal? Counted over runs (one row per end event) and machines.
-- DuckDB's form of queries/environment.sql, same answer: machines as the set bits of a bitmap of machine
-- keys (see plugins.sql; 1.3 -> 0.6 CPU-s over 10 M events). bitstring_agg takes the key range from the
-- column's statistics, which a MATERIALIZED CTE would not pass on: each dimension reads runs itself.
SELECT 'jdk' AS dimension, java_version AS value, count(*) AS runs, bit_count(bitstring_agg(machine_key)) AS machines
FROM runs WHERE :filters GROUP BY java_version
UNION ALL
SELECT 'jdkVendor', java_vendor, count(*), bit_count(bitstring_agg(machine_key))
FROM runs WHERE :filters GROUP BY java_vendor
UNION ALL
SELECT 'os', os_platform || ' ' || os_arch, count(*), bit_count(bitstring_agg(machine_key))
FROM runs WHERE :filters GROUP BY os_platform || ' ' || os_arch
UNION ALL
SELECT 'ci', CASE WHEN ci THEN 'ci' ELSE 'local' END, count(*), bit_count(bitstring_agg(machine_key))
FROM runs WHERE :filters GROUP BY CASE WHEN ci THEN 'ci' ELSE 'local' END
UNION ALL
SELECT 'ciVendor', coalesce(ci_name, 'unknown'), count(*), bit_count(bitstring_agg(machine_key))
FROM runs WHERE ci AND :filters GROUP BY coalesce(ci_name, 'unknown')
UNION ALL
SELECT 'container', CASE WHEN docker THEN 'container' ELSE 'none' END, count(*), bit_count(bitstring_agg(machine_key))
FROM runs WHERE :filters GROUP BY CASE WHEN docker THEN 'container' ELSE 'none' END
UNION ALL
SELECT 'terminal', coalesce(term_program, CASE WHEN is_tty THEN 'tty' ELSE 'no terminal' END),
       count(*), bit_count(bitstring_agg(machine_key))
FROM runs WHERE :filters GROUP BY coalesce(term_program, CASE WHEN is_tty THEN 'tty' ELSE 'no terminal' END)
ORDER BY dimension, runs DESC, value
