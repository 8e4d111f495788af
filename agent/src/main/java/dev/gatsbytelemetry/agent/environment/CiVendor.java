package dev.gatsbytelemetry.agent.environment;

import java.util.Map;
import java.util.function.Predicate;

/**
 * The table of known CI vendors and the environment variables that identify each.
 *
 * <p>Order matters: the first match wins, so services that imitate another vendor's variables
 * come before the vendor they imitate (Gitea and Forgejo Actions set {@code GITHUB_ACTIONS};
 * Woodpecker sets {@code CI=woodpecker}). A variable explicitly set to {@code false}/{@code 0}
 * does not count (see {@link EnvValues#isSet}).
 */
enum CiVendor {
    GITEA_ACTIONS("Gitea Actions", env -> EnvValues.isSet(env, "GITEA_ACTIONS")),
    FORGEJO_ACTIONS("Forgejo Actions", env -> EnvValues.isSet(env, "FORGEJO_ACTIONS")),
    GITHUB_ACTIONS("GitHub Actions", env -> EnvValues.isSet(env, "GITHUB_ACTIONS")),
    GITLAB_CI("GitLab CI", env -> EnvValues.isSet(env, "GITLAB_CI")),
    CIRCLECI("CircleCI", env -> EnvValues.isSet(env, "CIRCLECI")),
    TRAVIS_CI("Travis CI", env -> EnvValues.isSet(env, "TRAVIS")),
    // JENKINS_URL alone is also set in shells of people who talk to Jenkins; a build adds a number.
    JENKINS("Jenkins", env -> EnvValues.isSet(env, "JENKINS_URL")
            && (EnvValues.isSet(env, "BUILD_ID") || EnvValues.isSet(env, "BUILD_NUMBER"))),
    AZURE_PIPELINES("Azure Pipelines", env -> EnvValues.isSet(env, "TF_BUILD")
            || EnvValues.isSet(env, "SYSTEM_TEAMFOUNDATIONCOLLECTIONURI")),
    BITBUCKET_PIPELINES("Bitbucket Pipelines", env -> EnvValues.isSet(env, "BITBUCKET_BUILD_NUMBER")
            || EnvValues.isSet(env, "BITBUCKET_COMMIT")),
    BUILDKITE("Buildkite", env -> EnvValues.isSet(env, "BUILDKITE")),
    TEAMCITY("TeamCity", env -> EnvValues.isSet(env, "TEAMCITY_VERSION")),
    AWS_CODEBUILD("AWS CodeBuild", env -> EnvValues.isSet(env, "CODEBUILD_BUILD_ARN")
            || EnvValues.isSet(env, "CODEBUILD_BUILD_ID")),
    GOOGLE_CLOUD_BUILD("Google Cloud Build", env -> EnvValues.isSet(env, "BUILDER_OUTPUT")),
    WOODPECKER("Woodpecker", env -> EnvValues.equalsIgnoreCase(env, "CI", "woodpecker")),
    DRONE("Drone", env -> EnvValues.isSet(env, "DRONE")),
    APPVEYOR("AppVeyor", env -> EnvValues.isSet(env, "APPVEYOR")),
    BAMBOO("Bamboo", env -> EnvValues.isSet(env, "bamboo_planKey")
            || EnvValues.isSet(env, "bamboo_buildNumber")),
    SEMAPHORE("Semaphore", env -> EnvValues.isSet(env, "SEMAPHORE")),
    CODEFRESH("Codefresh", env -> EnvValues.isSet(env, "CF_BUILD_ID")),
    NETLIFY("Netlify", env -> EnvValues.isSet(env, "NETLIFY")),
    VERCEL("Vercel", env -> EnvValues.isSet(env, "VERCEL") || EnvValues.isSet(env, "NOW_BUILDER")),
    // DYNO is set on every Heroku dyno, including production apps, so only Heroku CI's own marker.
    HEROKU("Heroku", env -> EnvValues.isSet(env, "HEROKU_TEST_RUN_ID")),
    CIRRUS_CI("Cirrus CI", env -> EnvValues.isSet(env, "CIRRUS_CI")),
    BITRISE("Bitrise", env -> EnvValues.isSet(env, "BITRISE_IO")),
    BUDDY("Buddy", env -> EnvValues.isSet(env, "BUDDY_WORKSPACE_ID")),
    CLOUDFLARE_PAGES("Cloudflare Pages", env -> EnvValues.isSet(env, "CF_PAGES")),
    CODEMAGIC("Codemagic", env -> EnvValues.isSet(env, "CM_BUILD_ID")),
    HARNESS("Harness", env -> EnvValues.isSet(env, "HARNESS_BUILD_ID")),
    SCREWDRIVER("Screwdriver", env -> EnvValues.isSet(env, "SCREWDRIVER")),
    XCODE_CLOUD("Xcode Cloud", env -> EnvValues.isSet(env, "CI_XCODE_PROJECT"));

    private final String displayName;
    private final Predicate<Map<String, String>> test;

    CiVendor(String displayName, Predicate<Map<String, String>> test) {
        this.displayName = displayName;
        this.test = test;
    }

    /** The name reported as {@code ciName}. */
    String displayName() {
        return displayName;
    }

    /** True when {@code env} carries this vendor's markers. */
    boolean matches(Map<String, String> env) {
        return test.test(env);
    }
}
