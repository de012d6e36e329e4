import Academy
import Foundation
import Hummingbird
import Identity
import Ingress
import KafkaClient
import LearningWorker
import Logging
import Migrations
import Pipeline
import Platform
import PostgresClient
import Prometheus
import RedisClient
import TestSupport

/// Issue 8's figures:
/// * `GET /v1/academy/courses?search=…` p50/p99 over 10,000 courses (wrk against the real
///   ingress in this process), beside the unfiltered first page as the baseline;
/// * recommendation refresh for 10,000 learners × 1,000 courses through the worker's own
///   `RecommendationRefresher` (PostgreSQL reads, hybrid ranking, stored list): total and per learner;
/// * quiz generation for a 5,000-word lesson: time per quiz.
enum AcademyBenchmark {
    static let searchCourses = 10_000
    static let recommendationCourses = 1_000
    static let learners = 10_000
    static let enrolmentsPerLearner = 10
    static let searches = ["tableaux croisés", "pivot tables", "régression linéaire", "machine learning", "macros VBA", "séries temporelles"]

    static func run(_ settings: BenchSettings) async throws -> BenchResult {
        var logger = Logger(label: "bench")
        logger.logLevel = .warning
        let postgres = PostgresClient(configuration: try PostgresConfiguration(url: settings.databaseURL), logger: logger)
        try await Migrator(postgres: postgres, migrations: try Migrator.bundled(), logger: logger).migrate()
        defer { Task { [postgres] in try? await AcademyBenchData.removeAll(postgres); await postgres.close() } }

        // BENCH_ACADEMY_PARTS=search,recommendations,quiz (default: all) runs only some parts.
        let parts = Set((ProcessInfo.processInfo.environment["BENCH_ACADEMY_PARTS"] ?? "search,recommendations,quiz").split(separator: ","))
        let search = parts.contains("search") ? try await searchLatency(settings, postgres: postgres, logger: logger) : SearchFigures()
        let refresh = parts.contains("recommendations") ? try await recommendationRefresh(postgres) : (total: 0, modelBuild: 0)
        let quiz = parts.contains("quiz") ? try quizGeneration() : (words: 0, questions: 0, secondsPerQuiz: 0)
        try await AcademyBenchData.removeAll(postgres)

        return BenchResult(unit: "ms p99", relais: search.p99, baseline: search.baselineP99, baselineName: "unfiltered catalogue page p99",
                           target: 0, notes: [
                               "search_p50_ms": search.p50, "search_p99_ms": search.p99, "search_statistic": "median over the terms, one client",
                               "search_8_clients_per_s": search.rate.rounded(), "search_8_clients_p50_ms": search.loadedP50,
                               "search_8_clients_p99_ms": search.loadedP99,
                               "catalogue_page_p50_ms": search.baselineP50, "catalogue_page_p99_ms": search.baselineP99,
                               "search_courses": searchCourses, "search_terms": searches,
                               "refresh_learners": learners, "refresh_courses": recommendationCourses,
                               "refresh_total_s": (refresh.total * 100).rounded() / 100,
                               "refresh_per_learner_ms": (refresh.total / Double(learners) * 1_000_000).rounded() / 1_000,
                               "refresh_model_build_ms": (refresh.modelBuild * 1_000).rounded(),
                               "quiz_lesson_words": quiz.words, "quiz_questions": quiz.questions,
                               "quiz_ms_per_quiz": (quiz.secondsPerQuiz * 100_000).rounded() / 100,
                           ])
    }

    // MARK: Search

    struct SearchFigures {
        var p50 = 0.0
        var p99 = 0.0
        var rate = 0.0
        var baselineP50 = 0.0
        var baselineP99 = 0.0
        var loadedP50 = 0.0
        var loadedP99 = 0.0
    }

    static func searchLatency(_ settings: BenchSettings, postgres: PostgresClient, logger: Logger) async throws -> SearchFigures {
        try await AcademyBenchData.catalogue(postgres, count: searchCourses)
        try await postgres.execute("ANALYZE academy.courses")
        let redis = RedisClient(configuration: try RedisConfiguration(url: settings.redisURL), logger: logger)
        let producer = try KafkaProducer(configuration: KafkaProducerConfiguration(brokers: settings.kafkaBrokers), logger: logger)
        let catalogue = try TopicCatalogue.load(path: "topics.yaml")
        let dependencies = IngressDependencies(
            postgres: postgres, redis: redis, publisher: KafkaCommandPublisher(producer: producer, catalogue: catalogue, logger: logger),
            catalogue: catalogue, metrics: PrometheusCollectorRegistry(), readinessChecks: [])
        let identity = try await IdentityModule(
            dependencies: dependencies, settings: try IdentitySettings(environment: EnvironmentReader(["RATE_LIMIT_DEFAULT": "1000000/1s"]), production: false),
            rateLimitKeyPrefix: "bench-rl-\(UUID().uuidString.prefix(8))", logger: logger)
        let port = TestStack.serverPort()
        var http = try RelaisConfiguration(environment: EnvironmentReader(["HTTP_PORT": String(port)])).http
        http.host = "127.0.0.1"
        let app = IngressApplication.build(configuration: http, dependencies: dependencies,
                                           modules: [identity.routes, AcademyModule(accessGuard: identity.accessGuard).routes], logger: logger)
        let server = Task { try await app.runService() }
        try await Task.sleep(for: .seconds(1))

        // Latency with one client at a time (what a learner waits), then throughput with 8.
        let base = "http://127.0.0.1:\(port)/v1/academy/courses"
        var figures = SearchFigures()
        let page = try IdentityBenchmark.wrk(["-t1", "-c1", "-d5s", "--latency", base])
        figures.baselineP50 = page.p50
        figures.baselineP99 = page.p99
        var p50s: [Double] = []
        var p99s: [Double] = []
        let urls = searches.map { "\(base)?search=\($0.addingPercentEncoding(withAllowedCharacters: .urlQueryAllowed) ?? $0)" }
        for (term, url) in zip(searches, urls) {
            let result = try IdentityBenchmark.wrk(["-t1", "-c1", "-d5s", "--latency", url])
            FileHandle.standardError.write(Data("  academy search \"\(term)\": p50 \(result.p50) ms, p99 \(result.p99) ms\n".utf8))
            p50s.append(result.p50)
            p99s.append(result.p99)
        }
        figures.p50 = IdentityBenchmark.median(p50s)
        figures.p99 = IdentityBenchmark.median(p99s)
        let loaded = try IdentityBenchmark.wrk(["-t2", "-c8", "-d5s", "--latency", urls[0]])
        figures.rate = loaded.rate
        figures.loadedP50 = loaded.p50
        figures.loadedP99 = loaded.p99
        FileHandle.standardError.write(Data("  academy search with 8 clients: \(Int(loaded.rate)) req/s, p50 \(loaded.p50) ms, p99 \(loaded.p99) ms\n".utf8))
        server.cancel()
        identity.service.shutdown()
        await producer.shutdown(timeout: .seconds(5))
        redis.close()
        try await AcademyBenchData.removeAll(postgres)
        return figures
    }

    // MARK: Recommendations

    static func recommendationRefresh(_ postgres: PostgresClient) async throws -> (total: Double, modelBuild: Double) {
        try await AcademyBenchData.catalogue(postgres, count: recommendationCourses)
        try await AcademyBenchData.learners(postgres, users: learners, courses: recommendationCourses, perUser: enrolmentsPerLearner)
        try await postgres.execute("ANALYZE academy.enrollments")
        try await postgres.execute("ANALYZE academy.course_pairs")
        let ids = try await AcademyBenchData.learnerIDs(postgres)
        let refresher = RecommendationRefresher(postgres: postgres)
        let clock = ContinuousClock()
        // The first refresh builds the catalogue model, which later ones reuse.
        let modelBuild = BenchSettings.seconds(try await clock.measure { try await refresher.refresh(userID: ids[0]) })
        let lanes = 4
        let total = BenchSettings.seconds(try await clock.measure {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for lane in 0..<lanes {
                    group.addTask {
                        for index in stride(from: lane, to: ids.count, by: lanes) { try await refresher.refresh(userID: ids[index]) }
                    }
                }
                try await group.waitForAll()
            }
        })
        let stored = try await postgres.query("""
            SELECT count(DISTINCT user_id) AS learners FROM academy.recommendations r JOIN identity.users u ON u.id = r.user_id
            WHERE u.email LIKE 'bench-academy-%'
            """).first?.decode(Int.self, column: "learners") ?? 0
        FileHandle.standardError.write(Data("  academy recommendations: \(ids.count) learners in \(String(format: "%.2f", total)) s (\(stored) with a stored list), model build \(String(format: "%.0f", modelBuild * 1000)) ms\n".utf8))
        return (total, modelBuild)
    }

    // MARK: Quizzes

    static func quizGeneration() throws -> (words: Int, questions: Int, secondsPerQuiz: Double) {
        let lesson = try AcademyBenchLesson.text(words: 5_000)
        let others = try (1...5).map { try AcademyBenchLesson.text(words: 800, offset: $0 * 97) }
        let material = QuizMaterial(text: lesson, otherTexts: others)
        let runs = 10
        var questions = 0
        let elapsed = ContinuousClock().measure {
            for seed in 1...runs {
                if case let .questions(generated) = material.generate(count: 10, seed: Int64(seed)) { questions = generated.count }
            }
        }
        let words = lesson.split(whereSeparator: \.isWhitespace).count
        FileHandle.standardError.write(Data("  academy quiz: \(questions) questions from \(words) words in \(String(format: "%.1f", BenchSettings.seconds(elapsed) / Double(runs) * 1000)) ms per quiz\n".utf8))
        return (words, questions, BenchSettings.seconds(elapsed) / Double(runs))
    }
}
