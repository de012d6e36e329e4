import Platform
import Testing

@Suite("Configuration from environment variables")
struct RelaisConfigurationTests {
    @Test("with no variables set, the defaults point at the local stack")
    func defaultsMatchLocalStack() throws {
        let configuration = try RelaisConfiguration(environment: EnvironmentReader([:]))
        #expect(configuration.database.url == "postgres://relais:relais@127.0.0.1:55432/relais")
        #expect(configuration.redis.url == "redis://127.0.0.1:56379")
        #expect(configuration.kafka.brokers == "127.0.0.1:59092")
        #expect(configuration.http.port == 8080)
        #expect(configuration.relayPort == 8081)
        #expect(configuration.stage == .development)
        #expect(configuration.email.smtpURL == "smtp+insecure://127.0.0.1:52525")
        #expect(configuration.email.from.contains("@"))
        #expect(configuration.email.caFile == nil)
    }

    @Test("SMTP_URL takes smtp://, smtps:// and smtp+insecure://; EMAIL_FROM must be an address on one line")
    func emailSettings() throws {
        for url in ["smtp://u:p@mail.example:587", "smtps://mail.example", "smtp+insecure://127.0.0.1:2525"] {
            let configuration = try RelaisConfiguration(environment: EnvironmentReader(["SMTP_URL": url, "SMTP_CA_FILE": "/etc/ca.pem"]))
            #expect(configuration.email.smtpURL == url)
            #expect(configuration.email.caFile == "/etc/ca.pem")
        }
        for (variable, value) in [("SMTP_URL", "http://mail.example"), ("EMAIL_FROM", "nobody"), ("EMAIL_FROM", "a@b\nBcc: x@y"),
                                  ("SMTP_MAX_CONNECTIONS", "0")] {
            #expect {
                _ = try RelaisConfiguration(environment: EnvironmentReader([variable: value]))
            } throws: { error in
                (error as? ConfigurationError)?.variable == variable
            }
        }
    }

    @Test("a malformed value stops startup with an error naming the variable", arguments: [
        ("HTTP_PORT", "eighty"), ("HTTP_PORT", "70000"), ("KAFKA_BROKERS", "localhost"), ("KAFKA_BROKERS", "a:1,b"),
        ("DATABASE_URL", "mysql://x/y"), ("REDIS_URL", "not a url"), ("LOG_LEVEL", "loud"), ("RELAIS_ENV", "staging"),
        ("CORS_ALLOWED_ORIGINS", "https://ok.example, javascript:alert(1)"), ("HTTP_MAX_BODY_BYTES", "-1"),
    ])
    func malformedValueNamesVariable(variable: String, value: String) {
        #expect {
            _ = try RelaisConfiguration(environment: EnvironmentReader([variable: value]))
        } throws: { error in
            (error as? ConfigurationError)?.variable == variable
        }
    }

    @Test("production requires the server addresses instead of using dev defaults")
    func productionRequiresEndpoints() {
        #expect {
            _ = try RelaisConfiguration(environment: EnvironmentReader(["RELAIS_ENV": "production"]))
        } throws: { error in
            (error as? ConfigurationError)?.variable == "DATABASE_URL"
        }
    }

    @Test("an error never repeats the value, which may be a secret")
    func errorDoesNotEchoValue() {
        let secret = "postgres-with-s3cret"
        do {
            _ = try RelaisConfiguration(environment: EnvironmentReader(["DATABASE_URL": secret]))
            Issue.record("expected a configuration error")
        } catch {
            #expect(!"\(error)".contains(secret))
        }
    }

    @Test("overrides are read and lists are split")
    func overridesApply() throws {
        let configuration = try RelaisConfiguration(environment: EnvironmentReader([
            "HTTP_PORT": "9090", "CORS_ALLOWED_ORIGINS": "https://a.example, https://b.example",
            "KAFKA_BROKERS": "k1:9092,k2:9092", "KAFKA_PUBLISH_TIMEOUT_MS": "1500",
        ]))
        #expect(configuration.http.port == 9090)
        #expect(configuration.http.corsAllowedOrigins == ["https://a.example", "https://b.example"])
        #expect(configuration.kafka.brokers == "k1:9092,k2:9092")
        #expect(configuration.kafka.publishTimeout == .milliseconds(1500))
    }
}
