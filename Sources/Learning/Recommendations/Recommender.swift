import Foundation

/// Recommends courses to a learner: a hybrid of item-to-item collaborative filtering, content
/// similarity, domain affinity and popularity.
///
/// Built once per refresh (neighbour lists precomputed); `recommend` then only walks the
/// neighbours of the learner's courses, so it costs microseconds and the value can be shared
/// by concurrent requests.
///
/// A candidate's score is `collaborative × CF + content × C + domain × affinity + popularity ×
/// prior`, where CF and C are similarity sums over the learner's courses (completed ones
/// weighing `completedCourseMultiplier`) divided by the learner's largest sum, so every term
/// is in 0...1; it is multiplied by `otherLanguageFactor` outside the learner's language. The
/// largest of the first three terms gives the reason; without any, the course is there for its
/// popularity. Enrolled and non-recommendable courses are never returned; ties go by id.
public struct Recommender: Sendable {
    public let weights: RecommendationWeights
    private let neighbourCount: Int
    private let catalogue: CourseCatalogue
    private let collaborativeTable: [[IndexedNeighbour]]
    private let contentTable: [[IndexedNeighbour]]
    private let popularity: PopularityIndex

    /// - Parameters:
    ///   - profiles: the whole catalogue, drafts and archived courses included (a learner's
    ///     archived course still tells what they like).
    ///   - cooccurrence: enrollment counts; courses missing from `profiles` are ignored.
    ///   - neighbourCount: neighbours kept per course for each signal.
    public init(profiles: [CourseProfile], cooccurrence: CourseCooccurrence, neighbourCount: Int = 20, weights: RecommendationWeights = .init()) {
        let catalogue = CourseCatalogue(profiles)
        self.catalogue = catalogue
        self.weights = weights
        self.neighbourCount = neighbourCount
        self.collaborativeTable = Self.collaborativeTable(
            catalogue: catalogue, cooccurrence: cooccurrence, count: neighbourCount, shrinkage: weights.cooccurrenceShrinkage)
        self.contentTable = ContentSimilarity.neighbourTable(of: catalogue, count: neighbourCount)
        self.popularity = PopularityIndex(catalogue: catalogue)
    }

    /// Up to `count` courses for the learner, best first: `count` of them whenever the
    /// catalogue has that many recommendable courses the learner is not enrolled in.
    public func recommend(for history: LearnerHistory, count: Int = 5) -> [Recommendation] {
        recommend(for: history, count: count, collaborative: collaborativeTable)
    }

    /// As `recommend(for:count:)`, with collaborative evidence computed from `cooccurrence`
    /// instead of the counts the recommender was built with. The worker keeps the model (content
    /// neighbours, popularity) while counts change with every enrolment: it passes the fresh
    /// counts of the pairs around the learner's courses, which is all this needs.
    public func recommend(for history: LearnerHistory, count: Int = 5, cooccurrence: CourseCooccurrence) -> [Recommendation] {
        let table = Self.collaborativeTable(catalogue: catalogue, cooccurrence: cooccurrence, count: neighbourCount,
                                            shrinkage: weights.cooccurrenceShrinkage)
        return recommend(for: history, count: count, collaborative: table)
    }

    private func recommend(for history: LearnerHistory, count: Int, collaborative collaborativeTable: [[IndexedNeighbour]]) -> [Recommendation] {
        guard count > 0 else { return [] }
        let enrolled = Set(history.enrolled.compactMap { catalogue.positions[$0] })
        let language = history.language.map(CourseCatalogue.languageKey)
        let affinities = domainAffinities(of: history, enrolled: enrolled)
        if enrolled.isEmpty {
            return popular(count: count, language: language, domains: affinities.ranked, excluding: enrolled)
        }
        var evidence = CandidateEvidence(courseCount: catalogue.count)
        for source in enrolled.sorted() {
            let weight = history.completed.contains(catalogue.courses[source].id) ? weights.completedCourseMultiplier : 1
            for neighbour in collaborativeTable[source] {
                evidence.addCollaborative(weight * neighbour.similarity, to: neighbour.index, from: source)
            }
            for neighbour in contentTable[source] {
                evidence.addContent(weight * neighbour.similarity, to: neighbour.index, from: source)
            }
        }
        // Popular courses of the learner's domains and language make sure the list can be
        // filled even when the neighbours are all taken.
        let reserve = count + enrolled.count
        for domain in affinities.ranked.prefix(3) {
            for position in popularity.ranked(language: nil, domain: domain).prefix(reserve) { evidence.touch(position) }
        }
        for position in popularity.ranked(language: language, domain: nil).prefix(reserve) { evidence.touch(position) }
        for position in popularity.global.prefix(reserve) { evidence.touch(position) }

        let candidates = evidence.touched.filter { !enrolled.contains($0) && catalogue.courses[$0].isRecommendable }
        // Each evidence sum is scaled to 0...1 for this learner: how many courses a learner has
        // must not decide whether neighbours outweigh domain and popularity.
        let scale = EvidenceScale(
            collaborative: candidates.map { evidence.collaborative[$0] }.max() ?? 0,
            content: candidates.map { evidence.content[$0] }.max() ?? 0)
        let scored = candidates.map { position in
            recommendation(for: position, evidence: evidence, scale: scale, affinities: affinities.values, language: language)
        }
        return Array(scored.sorted(by: ranksBefore).prefix(count))
    }

    /// The recommendable courses learners most often took with `course`, best first.
    public func collaborativeNeighbours(of course: UUID) -> [CourseNeighbour] {
        neighbours(of: course, in: collaborativeTable)
    }

    /// The recommendable courses closest in content to `course`, best first.
    public func contentNeighbours(of course: UUID) -> [CourseNeighbour] {
        neighbours(of: course, in: contentTable)
    }

    private func recommendation(
        for position: Int, evidence: CandidateEvidence, scale: EvidenceScale, affinities: [String: Double], language: String?
    ) -> Recommendation {
        let course = catalogue.courses[position]
        let collaborative = weights.collaborative * scale.collaborative(evidence.collaborative[position])
        let content = weights.content * scale.content(evidence.content[position])
        let domain = weights.domain * (affinities[catalogue.domainKeys[position]] ?? 0)
        let sameLanguage = language == nil || language == catalogue.languageKeys[position]
        let score = (collaborative + content + domain + weights.popularity * popularity.prior[position])
            * (sameLanguage ? 1 : weights.otherLanguageFactor)
        let collaborativeSource = evidence.strongestCollaborativeSource[position]
        let contentSource = evidence.strongestContentSource[position]
        let reason: RecommendationReason
        if collaborative > 0, collaborative >= content, collaborative >= domain, collaborativeSource >= 0 {
            reason = .learnersAlsoTook(catalogue.courses[collaborativeSource].id)
        } else if content > 0, content >= domain, contentSource >= 0 {
            reason = .similarContent(to: catalogue.courses[contentSource].id)
        } else if domain > 0 {
            reason = .inYourDomain(course.domain)
        } else {
            reason = .popular(language: language != nil && sameLanguage ? course.language : nil, domain: nil)
        }
        return Recommendation(courseID: course.id, score: score, reason: reason)
    }

    /// Cold start: the most popular courses in the learner's language and domains, then in
    /// the language, then in the domains, then anywhere.
    private func popular(count: Int, language: String?, domains: [String], excluding enrolled: Set<Int>) -> [Recommendation] {
        var tiers: [(language: String?, domain: String?)] = []
        if let language { tiers += domains.map { (language, $0) } + [(language, nil)] }
        tiers += domains.map { (nil, $0) } + [(nil, nil)]
        var chosen: [Recommendation] = []
        var taken = enrolled
        for tier in tiers where chosen.count < count {
            for position in popularity.ranked(language: tier.language, domain: tier.domain) where chosen.count < count {
                guard taken.insert(position).inserted else { continue }
                let course = catalogue.courses[position]
                let reason = RecommendationReason.popular(
                    language: tier.language == nil ? nil : course.language, domain: tier.domain == nil ? nil : course.domain)
                chosen.append(Recommendation(courseID: course.id, score: popularity.prior[position], reason: reason))
            }
        }
        return chosen
    }

    /// The learner's interest per folded domain, scaled so the strongest is 1, and the domains
    /// strongest first. Without declared interests, the domains of their courses stand in.
    private func domainAffinities(of history: LearnerHistory, enrolled: Set<Int>) -> (values: [String: Double], ranked: [String]) {
        var raw: [String: Double] = [:]
        for (domain, weight) in history.domains where weight > 0 {
            raw[CourseCatalogue.domainKey(domain), default: 0] += weight
        }
        if raw.isEmpty {
            for position in enrolled {
                let weight = history.completed.contains(catalogue.courses[position].id) ? weights.completedCourseMultiplier : 1
                raw[catalogue.domainKeys[position], default: 0] += weight
            }
        }
        let strongest = raw.values.max() ?? 0
        let values = strongest > 0 ? raw.mapValues { $0 / strongest } : [:]
        let ranked = values.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
        return (values, ranked)
    }

    private func neighbours(of course: UUID, in table: [[IndexedNeighbour]]) -> [CourseNeighbour] {
        guard let position = catalogue.positions[course] else { return [] }
        return table[position].map { CourseNeighbour(courseID: catalogue.courses[$0.index].id, similarity: $0.similarity) }
    }

    private func ranksBefore(_ lhs: Recommendation, _ rhs: Recommendation) -> Bool {
        if lhs.score != rhs.score { return lhs.score > rhs.score }
        return UUID.precedesInByteOrder(lhs.courseID, rhs.courseID)
    }

    /// Item-to-item cosine from co-enrollment counts, damped for small counts, keeping for each
    /// course its `count` best recommendable neighbours.
    private static func collaborativeTable(catalogue: CourseCatalogue, cooccurrence: CourseCooccurrence, count: Int, shrinkage: Double) -> [[IndexedNeighbour]] {
        var lists = [[IndexedNeighbour]](repeating: [], count: catalogue.count)
        for (pair, together) in cooccurrence.pairCounts {
            guard let first = catalogue.positions[pair.first], let second = catalogue.positions[pair.second] else { continue }
            let cosine = cooccurrence.cosine(pair.first, pair.second)
            let similarity = cosine * Double(together) / (Double(together) + shrinkage)
            guard similarity > 0 else { continue }
            if catalogue.courses[second].isRecommendable { lists[first].append(IndexedNeighbour(index: second, similarity: similarity)) }
            if catalogue.courses[first].isRecommendable { lists[second].append(IndexedNeighbour(index: first, similarity: similarity)) }
        }
        return lists.map { IndexedNeighbour.top(count, of: $0) }
    }
}

/// The largest evidence sums among one learner's candidates, by which each is divided.
private struct EvidenceScale {
    let maximumCollaborative: Double
    let maximumContent: Double

    init(collaborative: Double, content: Double) {
        maximumCollaborative = collaborative
        maximumContent = content
    }

    func collaborative(_ value: Double) -> Double {
        maximumCollaborative > 0 ? value / maximumCollaborative : 0
    }

    func content(_ value: Double) -> Double {
        maximumContent > 0 ? value / maximumContent : 0
    }
}
