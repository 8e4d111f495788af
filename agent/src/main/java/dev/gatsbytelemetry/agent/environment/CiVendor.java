package dev.gatsbytelemetry.agent.environment;

import java.util.Map;

/**
 * The table of known CI vendors and the environment variables that identify each.
 *
 * <p>Order matters: the first match wins, so services that imitate another vendor's variables
 * come before the vendor they imitate (Gitea and Forgejo Actions set {@code GITHUB_ACTIONS};
 * Woodpecker sets {@code CI=woodpecker}). A variable explicitly set to {@code false}/{@code 0}
 * does not count (see {@link EnvValues#isSet}). A table of names rather than a lambda per vendor:
 * each lambda costs a class spun at first use, thirty of them about 20 ms on the recorder thread.
 */
enum CiVendor {
    GITEA_ACTIONS("Gitea Actions", new String[] {"GITEA_ACTIONS"}, None.NAMES, null),
    FORGEJO_ACTIONS("Forgejo Actions", new String[] {"FORGEJO_ACTIONS"}, None.NAMES, null),
    GITHUB_ACTIONS("GitHub Actions", new String[] {"GITHUB_ACTIONS"}, None.NAMES, null),
    GITLAB_CI("GitLab CI", new String[] {"GITLAB_CI"}, None.NAMES, null),
    CIRCLECI("CircleCI", new String[] {"CIRCLECI"}, None.NAMES, null),
    TRAVIS_CI("Travis CI", new String[] {"TRAVIS"}, None.NAMES, null),
    // JENKINS_URL alone is also set in shells of people who talk to Jenkins; a build adds a number.
    JENKINS("Jenkins", new String[] {"JENKINS_URL"}, new String[] {"BUILD_ID", "BUILD_NUMBER"}, null),
    AZURE_PIPELINES("Azure Pipelines", new String[] {"TF_BUILD", "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI"}, None.NAMES, null),
    BITBUCKET_PIPELINES("Bitbucket Pipelines", new String[] {"BITBUCKET_BUILD_NUMBER", "BITBUCKET_COMMIT"}, None.NAMES, null),
    BUILDKITE("Buildkite", new String[] {"BUILDKITE"}, None.NAMES, null),
    TEAMCITY("TeamCity", new String[] {"TEAMCITY_VERSION"}, None.NAMES, null),
    AWS_CODEBUILD("AWS CodeBuild", new String[] {"CODEBUILD_BUILD_ARN", "CODEBUILD_BUILD_ID"}, None.NAMES, null),
    GOOGLE_CLOUD_BUILD("Google Cloud Build", new String[] {"BUILDER_OUTPUT"}, None.NAMES, null),
    WOODPECKER("Woodpecker", None.NAMES, None.NAMES, "woodpecker"),
    DRONE("Drone", new String[] {"DRONE"}, None.NAMES, null),
    APPVEYOR("AppVeyor", new String[] {"APPVEYOR"}, None.NAMES, null),
    BAMBOO("Bamboo", new String[] {"bamboo_planKey", "bamboo_buildNumber"}, None.NAMES, null),
    SEMAPHORE("Semaphore", new String[] {"SEMAPHORE"}, None.NAMES, null),
    CODEFRESH("Codefresh", new String[] {"CF_BUILD_ID"}, None.NAMES, null),
    NETLIFY("Netlify", new String[] {"NETLIFY"}, None.NAMES, null),
    VERCEL("Vercel", new String[] {"VERCEL", "NOW_BUILDER"}, None.NAMES, null),
    // DYNO is set on every Heroku dyno, including production apps, so only Heroku CI's own marker.
    HEROKU("Heroku", new String[] {"HEROKU_TEST_RUN_ID"}, None.NAMES, null),
    CIRRUS_CI("Cirrus CI", new String[] {"CIRRUS_CI"}, None.NAMES, null),
    BITRISE("Bitrise", new String[] {"BITRISE_IO"}, None.NAMES, null),
    BUDDY("Buddy", new String[] {"BUDDY_WORKSPACE_ID"}, None.NAMES, null),
    CLOUDFLARE_PAGES("Cloudflare Pages", new String[] {"CF_PAGES"}, None.NAMES, null),
    CODEMAGIC("Codemagic", new String[] {"CM_BUILD_ID"}, None.NAMES, null),
    HARNESS("Harness", new String[] {"HARNESS_BUILD_ID"}, None.NAMES, null),
    SCREWDRIVER("Screwdriver", new String[] {"SCREWDRIVER"}, None.NAMES, null),
    XCODE_CLOUD("Xcode Cloud", new String[] {"CI_XCODE_PROJECT"}, None.NAMES, null);


    private final String displayName;
    private final String[] anyOf;
    private final String[] alsoAnyOf;
    private final String ciValue;

    /**
     * @param anyOf     variables any one of which marks the vendor
     * @param alsoAnyOf when not empty, one of these must be set too
     * @param ciValue   when not null, the vendor is recognised by {@code CI=<value>} (any case) instead
     */
    CiVendor(String displayName, String[] anyOf, String[] alsoAnyOf, String ciValue) {
        this.displayName = displayName;
        this.anyOf = anyOf;
        this.alsoAnyOf = alsoAnyOf;
        this.ciValue = ciValue;
    }

    /** The name reported as {@code ciName}. */
    String displayName() {
        return displayName;
    }

    /** True when {@code env} carries this vendor's markers. */
    boolean matches(Map<String, String> env) {
        if (ciValue != null) {
            return EnvValues.equalsIgnoreCase(env, "CI", ciValue);
        }
        return anySet(env, anyOf) && (alsoAnyOf.length == 0 || anySet(env, alsoAnyOf));
    }

    private static boolean anySet(Map<String, String> env, String[] names) {
        for (String name : names) {
            if (EnvValues.isSet(env, name)) {
                return true;
            }
        }
        return false;
    }

    /** Holder for the empty list: enum constants cannot refer to the enum's own static fields. */
    private static final class None {
        static final String[] NAMES = {};
    }
}
