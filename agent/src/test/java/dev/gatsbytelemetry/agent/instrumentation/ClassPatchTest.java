package dev.gatsbytelemetry.agent.instrumentation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The edits the hooked-class cache authenticates instead of whole hooked classes. */
class ClassPatchTest {

    @Test
    void aHookedClassIsRebuiltExactlyFromTheOriginalAndAFewHundredBytesOfEdits() throws IOException {
        byte[] original;
        try (InputStream in = getClass().getResourceAsStream("/testfixtures/Pipeline.class")) {
            original = in.readAllBytes();
        }
        HookPlan plan = HookPlan.of("testfixtures/Pipeline", original,
                (className, method, descriptor, access) -> new Hook(Hook.Kind.STAGE, 3));
        byte[] hooked = AsmHookWriter.write(original, plan);

        byte[] patch = ClassPatch.diff(original, hooked);

        assertThat(ClassPatch.apply(original, patch, hooked.length)).isEqualTo(hooked);
        assertThat(patch.length).as("edits of a %d-byte class hooked in every method", hooked.length)
                .isLessThan(hooked.length / 2);
    }

    @Test
    void anyBytesRoundTrip() {
        Random random = new Random(14);
        for (int round = 0; round < 300; round++) {
            byte[] original = new byte[random.nextInt(3000)];
            random.nextBytes(original);
            byte[] changed = mutate(original, random);
            assertThat(ClassPatch.apply(original, ClassPatch.diff(original, changed), changed.length))
                    .as("round %d", round).isEqualTo(changed);
        }
    }

    @Test
    void malformedEditsGiveNullNeverAnException() {
        byte[] original = new byte[100];
        Random random = new Random(3);
        random.nextBytes(original);
        byte[] changed = mutate(original, random);
        byte[] patch = ClassPatch.diff(original, changed);
        assertThat(ClassPatch.apply(original, patch, changed.length + 1)).isNull();
        assertThat(ClassPatch.apply(original, patch, changed.length - 1)).isNull();
        assertThat(ClassPatch.apply(original, Arrays.copyOf(patch, patch.length - 1), changed.length)).isNull();
        assertThat(ClassPatch.apply(original, new byte[] {1, 0, 0, 0, 90, 0, 0, 0, 20}, 20))
                .as("a copy past the original's end").isNull();
        assertThat(ClassPatch.apply(original, new byte[] {1, (byte) 0x80, 0, 0, 0, 0, 0, 0, 20}, 20))
                .as("a negative offset").isNull();
        assertThat(ClassPatch.apply(original, new byte[] {2, 0x7f, 0, 0, 0, 1}, 1)).as("an insert past the end").isNull();
        assertThat(ClassPatch.apply(original, new byte[] {3}, 0)).as("an unknown operation").isNull();
        assertThat(ClassPatch.apply(original, new byte[0], HookedClassCache.MAX_CLASS_BYTES + 1)).isNull();
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[random.nextInt(40)];
            random.nextBytes(noise);
            byte[] result = ClassPatch.apply(original, noise, random.nextInt(200));
            assertThat(result == null || result.length >= 0).isTrue();
        }
    }

    /** Some bytes changed, inserted and removed, as a rewrite does to a class file. */
    private static byte[] mutate(byte[] original, Random random) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int i = 0;
        while (i < original.length) {
            int run = 1 + random.nextInt(200);
            out.write(original, i, Math.min(run, original.length - i));
            i += run;
            switch (random.nextInt(4)) {
                case 0 -> out.write(random.nextInt(256));
                case 1 -> i += random.nextInt(5);
                case 2 -> out.write(new byte[random.nextInt(30)], 0, 0);
                default -> { }
            }
        }
        if (random.nextBoolean()) {
            byte[] tail = new byte[random.nextInt(50)];
            random.nextBytes(tail);
            out.write(tail, 0, tail.length);
        }
        return out.toByteArray();
    }
}
