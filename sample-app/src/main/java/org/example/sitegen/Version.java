package org.example.sitegen;

/** Name and version from the jar manifest (Implementation-Title / Implementation-Version). */
final class Version {

    private Version() {
    }

    static String describe() {
        Package pkg = SiteGen.class.getPackage();
        String title = pkg.getImplementationTitle();
        String version = pkg.getImplementationVersion();
        return (title == null ? "sitegen" : title) + " " + (version == null ? "(development build)" : version);
    }
}
