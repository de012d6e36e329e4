import Metrics
import Prometheus

/// Installs the Prometheus metrics backend once per process and hands back the registry that
/// `/metrics` renders. Tests create their own registry and never touch the global system.
public enum MetricsSetup {
    public static func bootstrap() -> PrometheusCollectorRegistry {
        let registry = PrometheusCollectorRegistry()
        MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: registry))
        return registry
    }
}
