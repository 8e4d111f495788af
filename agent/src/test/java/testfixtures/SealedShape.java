package testfixtures;

/** A sealed class (a {@code PermittedSubclasses} attribute), which JDK 17's own ASM refuses at API level 8. */
public abstract sealed class SealedShape permits SealedShape.Square {

    public int area(int side) {
        return side * side;
    }

    /** The one permitted subclass. */
    public static final class Square extends SealedShape {
    }
}
