import Foundation
import Learning

/// A synthetic catalogue and learner population with hidden taste clusters, to measure whether
/// the recommender finds what learners go on to take.
///
/// Courses belong to clusters, each with its own domain and vocabulary; course appeal follows
/// a Zipf-like law so a few courses are very popular. Each learner mostly takes courses from
/// one or two clusters, sometimes a popular course from anywhere. The last course each learner
/// took is held out; co-enrollments and popularity are counted on the rest only.
struct TasteClusterDataset {
    struct Learner {
        let history: LearnerHistory
        /// The course taken last, hidden from the recommender.
        let heldOut: UUID
    }

    let profiles: [CourseProfile]
    let cooccurrence: CourseCooccurrence
    let learners: [Learner]

    static func generate(courseCount: Int = 1_000, learnerCount: Int = 3_000, seed: UInt64 = 2_024) -> TasteClusterDataset {
        var random = SeededRandomNumberGenerator(seed: seed)
        let clusters = ClusterVocabulary.all
        let appeal = zipfAppeal(count: courseCount, using: &random)
        let drafts = courseCount / 50
        let courses = (0..<courseCount).map { index in
            SyntheticCourse(
                id: uuid(using: &random), cluster: index % clusters.count, language: random.nextUnitInterval() < 0.7 ? "fr" : "en",
                appeal: appeal[index], isRecommendable: index >= drafts)
        }
        let byCluster = Dictionary(grouping: courses.filter(\.isRecommendable), by: \.cluster)
        let clusterPickers = (0..<clusters.count).map { WeightedPicker(byCluster[$0] ?? [], weight: \.appeal) }
        let globalPicker = WeightedPicker(courses.filter(\.isRecommendable), weight: \.appeal)
        // Clusters themselves are unequally popular.
        let clusterPicker = WeightedPicker(Array(0..<clusters.count)) { 1 / Double($0 + 1).squareRoot() }

        var cooccurrence = CourseCooccurrence()
        var sequences: [[SyntheticCourse]] = []
        for _ in 0..<learnerCount {
            let primary = clusterPicker.pick(using: &random)
            let secondary = random.nextUnitInterval() < 0.5 ? clusterPicker.pick(using: &random) : primary
            let length = 5 + random.nextIndex(below: 11)
            var taken: [SyntheticCourse] = []
            var attempts = 0
            while taken.count < length, attempts < 200 {
                attempts += 1
                let draw = random.nextUnitInterval()
                let course = draw < 0.85
                    ? clusterPickers[random.nextUnitInterval() < 0.75 ? primary : secondary].pick(using: &random)
                    : globalPicker.pick(using: &random)
                if !taken.contains(where: { $0.id == course.id }) { taken.append(course) }
            }
            guard taken.count >= 2 else { continue }
            for index in 0..<(taken.count - 1) {
                cooccurrence.addEnrollment(existingCourses: taken[..<index].map(\.id), newCourse: taken[index].id)
            }
            sequences.append(taken)
        }
        let profiles = courses.map { course in
            profile(of: course, vocabulary: clusters[course.cluster], enrollments: cooccurrence.learnerCount(of: course.id), using: &random)
        }
        let domains = Dictionary(uniqueKeysWithValues: courses.map { ($0.id, clusters[$0.cluster].domain) })
        let learners = sequences.map { taken in
            learner(taken: taken, domains: domains, using: &random)
        }
        return TasteClusterDataset(profiles: profiles, cooccurrence: cooccurrence, learners: learners)
    }

    /// History from everything but the last course: half the courses completed, domain
    /// interest by number of courses, language of the majority.
    private static func learner(taken: [SyntheticCourse], domains: [UUID: String], using random: inout SeededRandomNumberGenerator) -> Learner {
        let history = taken.dropLast()
        var domainWeights: [String: Double] = [:]
        for course in history { domainWeights[domains[course.id] ?? "", default: 0] += 1 }
        let french = history.filter { $0.language == "fr" }.count
        let completed = Set(history.filter { _ in random.nextUnitInterval() < 0.5 }.map(\.id))
        return Learner(
            history: LearnerHistory(
                enrolled: history.map(\.id), completed: completed, domains: domainWeights,
                language: french * 2 >= history.count ? "fr" : "en"),
            heldOut: taken[taken.count - 1].id)
    }

    private static func profile(of course: SyntheticCourse, vocabulary: ClusterVocabulary, enrollments: Int, using random: inout SeededRandomNumberGenerator) -> CourseProfile {
        func words(_ count: Int, from list: [String]) -> [String] {
            (0..<count).map { _ in list[random.nextIndex(below: list.count)] }
        }
        let title = words(3, from: vocabulary.words).joined(separator: " ")
        // Some noise: generic course words and a word of another cluster.
        let noise = ClusterVocabulary.all[random.nextIndex(below: ClusterVocabulary.all.count)].words
        let description = (words(10, from: vocabulary.words) + words(3, from: ClusterVocabulary.generic) + words(1, from: noise))
            .joined(separator: " ")
        return CourseProfile(
            id: course.id, domain: vocabulary.domain, language: course.language, title: title.capitalized,
            description: description, keywords: words(3, from: vocabulary.words), stack: words(1, from: vocabulary.tools),
            enrollments: enrollments, averageRating: 3 + 2 * random.nextUnitInterval(), isRecommendable: course.isRecommendable)
    }

    /// Appeal 1 / rank^0.8 for a random ranking of the courses.
    private static func zipfAppeal(count: Int, using random: inout SeededRandomNumberGenerator) -> [Double] {
        var ranks = Array(1...max(1, count))
        random.shuffle(&ranks)
        return ranks.map { 1 / pow(Double($0), 0.8) }
    }

    private static func uuid(using random: inout SeededRandomNumberGenerator) -> UUID {
        let high = random.next()
        let low = random.next()
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: high >> (56 - 8 * $0)) } + (0..<8).map { UInt8(truncatingIfNeeded: low >> (56 - 8 * $0)) }
        return UUID(uuid: (
            bytes[0], bytes[1], bytes[2], bytes[3], bytes[4], bytes[5], bytes[6], bytes[7],
            bytes[8], bytes[9], bytes[10], bytes[11], bytes[12], bytes[13], bytes[14], bytes[15]))
    }
}

/// A course before it becomes a profile: its hidden cluster and appeal.
struct SyntheticCourse {
    let id: UUID
    let cluster: Int
    let language: String
    let appeal: Double
    let isRecommendable: Bool
}

/// Draws elements with probability proportional to a weight (binary search on cumulative sums).
struct WeightedPicker<Element> {
    private let elements: [Element]
    private let cumulative: [Double]

    init(_ elements: [Element], weight: (Element) -> Double) {
        self.elements = elements
        var total = 0.0
        self.cumulative = elements.map { element in
            total += weight(element)
            return total
        }
    }

    func pick(using random: inout SeededRandomNumberGenerator) -> Element {
        let target = random.nextUnitInterval() * (cumulative.last ?? 0)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let middle = (low + high) / 2
            if cumulative[middle] > target { high = middle } else { low = middle + 1 }
        }
        return elements[low]
    }
}
