package dev.gatsbytelemetry.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class HmacSha256Test {

    @Test
    void matchesTheJdkForKeysAndMessagesAroundTheBlockSize() throws Exception {
        Random random = new Random(7);
        for (int keyLength : new int[] {1, 32, 64, 65, 100}) {
            for (int length = 0; length < 200; length += 13) {
                byte[] key = new byte[keyLength];
                byte[] message = new byte[length];
                random.nextBytes(key);
                random.nextBytes(message);
                Mac jdk = Mac.getInstance("HmacSHA256");
                jdk.init(new SecretKeySpec(key, "HmacSHA256"));
                assertThat(HmacSha256.mac(key, message)).as("key %d, message %d", keyLength, length)
                        .isEqualTo(jdk.doFinal(message));
            }
        }
    }

    @Test
    void verifyRejectsAnyChangedBitAndAnotherKey() {
        byte[] key = new byte[32];
        byte[] message = "hooked class bytes".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] tag = HmacSha256.mac(key, message);
        assertThat(HmacSha256.verify(key, message, tag)).isTrue();
        for (int bit = 0; bit < tag.length * 8; bit += 37) {
            byte[] flipped = tag.clone();
            flipped[bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(HmacSha256.verify(key, message, flipped)).as("bit %d", bit).isFalse();
        }
        byte[] other = key.clone();
        other[0] = 1;
        assertThat(HmacSha256.verify(other, message, tag)).isFalse();
        assertThat(HmacSha256.verify(key, message, null)).isFalse();
        assertThat(HmacSha256.verify(key, message, new byte[31])).isFalse();
    }
}
