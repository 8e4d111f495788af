package dev.gatsbytelemetry.agent.sanitizer;

import java.util.LinkedHashMap;
import java.util.Map;

/** Fixed settings shared by the corpus and the other tests. */
final class Fixtures {

    private Fixtures() {
    }

    static Map<String, String> unixEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("CMS_TOKEN", "s3cr3t-cms-token-value");
        env.put("DB_PASSWORD", "hunter2-but-longer");
        env.put("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY");
        env.put("GATSBY_API_KEY", "key with spaces&stuff");
        env.put("SHORT_TOKEN", "abc12");
        env.put("PWD", "/home/alice/projects/blog");
        env.put("HOME", "/home/alice");
        env.put("EDITOR", "vim-but-long-name");
        env.put("XDG_SESSION_TYPE", "wayland");
        env.put("SSH_AUTH_SOCK", "/tmp/ssh-XXXX/agent.123");
        return env;
    }

    static SanitizerSettings unix() {
        return SanitizerSettings.builder()
                .cwd("/home/alice/projects/blog")
                .home("/home/alice")
                .tmpDir("/tmp")
                .userName("alice")
                .hostName("alice-laptop")
                .environment(unixEnv())
                .build();
    }

    static SanitizerSettings windows() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("NPM_TOKEN", "npm-secret-value-123");
        env.put("USERPROFILE", "C:\\Users\\Alice");
        return SanitizerSettings.builder()
                .cwd("C:\\Users\\Alice\\projects\\blog")
                .home("C:\\Users\\Alice")
                .tmpDir("C:\\Users\\Alice\\AppData\\Local\\Temp\\")
                .userName("Alice")
                .hostName("ALICE-PC")
                .environment(env)
                .caseInsensitivePaths(true)
                .build();
    }

    /** A generic account on a machine with a short name: neither may wreck ordinary words. */
    static SanitizerSettings server() {
        return SanitizerSettings.builder()
                .cwd("/srv/app")
                .home("/root")
                .tmpDir("/tmp")
                .userName("root")
                .hostName("vm")
                .build();
    }

    static SanitizerSettings mac() {
        return SanitizerSettings.builder()
                .cwd("/Users/alice/Documents/My Site")
                .home("/Users/alice")
                .tmpDir("/var/folders/x7/k3j2h1g0f9e8d7c6/T/")
                .userName("alice")
                .hostName("Alices-MacBook-Pro.local")
                .caseInsensitivePaths(true)
                .build();
    }

    static SanitizerSettings named(String name) {
        switch (name) {
            case "unix":
                return unix();
            case "windows":
                return windows();
            case "mac":
                return mac();
            case "server":
                return server();
            default:
                throw new IllegalArgumentException("unknown settings: " + name);
        }
    }
}
