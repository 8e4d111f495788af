package dev.gatsbytelemetry.agent.bridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;

class TelemetryBridgeTest {

    @Test
    void handlerExceptionsAndErrorsNeverReachTheCaller() {
        TestBridge.use((TelemetryBridge.Handler) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {TelemetryBridge.Handler.class}, (proxy, method, args) -> {
                    throw new StackOverflowError("from " + method.getName());
                }));
        assertThatCode(() -> {
            TelemetryBridge.commandEnter(0, new Object[0]);
            TelemetryBridge.commandExit(0);
            TelemetryBridge.commandThrow(new RuntimeException(), 0);
            TelemetryBridge.stageEnter(1);
            TelemetryBridge.stageExit(1);
            TelemetryBridge.stageThrow(new RuntimeException(), 1);
            TelemetryBridge.uncaughtException(Thread.currentThread(), new RuntimeException());
            TelemetryBridge.exitRequested(3);
        }).doesNotThrowAnyException();
    }

    @Test
    void onlyTheFirstHandlerIsInstalled() {
        TestBridge.use(null);
        assertThat(TelemetryBridge.isInstalled()).isTrue();
        assertThat(TelemetryBridge.install(null)).isFalse();
    }
}
