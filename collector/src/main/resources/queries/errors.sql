-- Which errors do users hit, in which stage and plugin, how often and on how many machines?
-- One row per fingerprint (the agent's hash of exception type and top frames), with one sanitized sample.
SELECT error_fingerprint          AS fingerprint,
       event_type                 AS "eventType",
       exception_type             AS "exceptionType",
       error_stage                AS stage,
       error_plugin               AS plugin,
       count(*)                   AS count,
       count(DISTINCT machine_id) AS machines,
       max(event_time)            AS "lastSeen",
       min(error_text)            AS sample
FROM events
WHERE event_kind = 'error'
  AND :filters
GROUP BY error_fingerprint, event_type, exception_type, error_stage, error_plugin
ORDER BY count DESC, fingerprint
LIMIT 500
