package dev.gatsbytelemetry.agent.sender;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written name parser accepts exactly the names the documented grammar describes. */
class SpoolFileTest {

    /** The grammar, as the regular expression the parser replaced. */
    private static final Pattern GRAMMAR =
            Pattern.compile("batch-(\\d{13})-(\\d{6}-[0-9a-f]{16})-n(\\d{1,6})\\.json(?:\\.sending-(\\d{1,19}))?");

    @Test
    void parsesWhatItWritesAndClaims() {
        String name = SpoolFile.batchName(1795780873972L, "000042-9c982158c4b051de", 17);
        SpoolFile file = SpoolFile.parse(Path.of("/spool", name));
        assertThat(file.createdMillis()).isEqualTo(1795780873972L);
        assertThat(file.id()).isEqualTo("000042-9c982158c4b051de");
        assertThat(file.events()).isEqualTo(17);
        assertThat(file.claimed()).isFalse();
        SpoolFile claimed = SpoolFile.parse(file.claimedPath(4242));
        assertThat(claimed.claimPid()).isEqualTo(4242);
        assertThat(claimed.unclaimedPath()).isEqualTo(file.path());
    }

    @Test
    void agreesWithTheGrammarOnValidAndMangledNames() {
        Random random = new Random(7);
        String alphabet = "0123456789abcdefAF-n.jsoingx";
        int accepted = 0;
        for (int i = 0; i < 50_000; i++) {
            StringBuilder name = new StringBuilder(SpoolFile.batchName(
                    Math.abs(random.nextLong()) % 10_000_000_000_000L,
                    String.format("%06d-%016x", random.nextInt(1_000_000), random.nextLong()),
                    random.nextInt(1_100_000)));
            if (random.nextInt(3) == 0) {
                name.append(".sending-").append(random.nextInt(4) == 0 ? "9999999999999999999" : Long.toString(
                        Math.abs(random.nextLong()) % 100_000));
            }
            int mutations = random.nextInt(3);
            for (int m = 0; m < mutations && name.length() > 0; m++) {
                int at = random.nextInt(name.length());
                switch (random.nextInt(3)) {
                    case 0: name.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length()))); break;
                    case 1: name.deleteCharAt(at); break;
                    default: name.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                }
            }
            String text = name.toString();
            SpoolFile parsed = SpoolFile.parse(Path.of("/spool").resolve(text));
            Matcher m = GRAMMAR.matcher(text);
            boolean matches = m.matches();
            Long pid = null;
            if (matches && m.group(4) != null) {
                try {
                    pid = Long.parseLong(m.group(4));
                } catch (NumberFormatException e) {
                    matches = false;
                }
            }
            assertThat(parsed != null).as(text).isEqualTo(matches);
            if (parsed != null) {
                accepted++;
                assertThat(parsed.createdMillis()).as(text).isEqualTo(Long.parseLong(m.group(1)));
                assertThat(parsed.id()).as(text).isEqualTo(m.group(2));
                assertThat(parsed.events()).as(text).isEqualTo(Integer.parseInt(m.group(3)));
                assertThat(parsed.claimPid()).as(text).isEqualTo(pid == null ? -1 : pid);
            }
        }
        assertThat(accepted).as("both branches are exercised").isBetween(5_000, 45_000);
    }
}
