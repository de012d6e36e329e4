import Foundation
import Learning
import Testing

@Suite("ContentSimilarity")
struct ContentSimilarityTests {
    static func course(_ id: Int, _ title: String, _ description: String, keywords: [String] = [], stack: [String] = [], language: String = "fr", recommendable: Bool = true) -> CourseProfile {
        CourseProfile(
            id: UUID(uuidString: String(format: "00000000-0000-0000-0000-%012d", id))!, domain: "Test", language: language, title: title,
            description: description, keywords: keywords, stack: stack, enrollments: 0, averageRating: 0, isRecommendable: recommendable)
    }

    static let catalogue = [
        course(1, "Excel : tableaux croisés dynamiques", "Résumer des données avec les tableaux croisés et les segments.", keywords: ["tableau croisé"], stack: ["Excel"]),
        course(2, "Excel avancé", "Tableaux croisés dynamiques, segments et graphiques croisés.", keywords: ["tableau croisé", "graphique"], stack: ["Excel"]),
        course(3, "Python pour débutants", "Listes, dictionnaires et boucles en Python.", keywords: ["python"], stack: ["Python"]),
        course(4, "Python : structures de données", "Les listes et les dictionnaires de Python en détail.", keywords: ["python", "dictionnaire"], stack: ["Python"]),
        course(5, "Cuisine du monde", "Recettes de desserts et de plats mijotés.", keywords: ["cuisine"]),
        course(6, "Brouillon Excel", "Tableaux croisés dynamiques et segments, version de travail.", stack: ["Excel"], recommendable: false),
    ]

    @Test func theClosestCourseIsTheOneOnTheSameSubject() {
        let similarity = ContentSimilarity(profiles: Self.catalogue)
        #expect(similarity.neighbours(of: Self.catalogue[0].id).first?.courseID == Self.catalogue[1].id)
        #expect(similarity.neighbours(of: Self.catalogue[2].id).first?.courseID == Self.catalogue[3].id)
        #expect(similarity.neighbours(of: Self.catalogue[4].id).isEmpty)
    }

    @Test func neighboursAreRecommendableOthersSortedAndCapped() {
        let similarity = ContentSimilarity(profiles: Self.catalogue, neighbourCount: 2)
        for course in Self.catalogue {
            let neighbours = similarity.neighbours(of: course.id)
            #expect(neighbours.count <= 2)
            #expect(!neighbours.contains { $0.courseID == course.id || $0.courseID == Self.catalogue[5].id })
            #expect(zip(neighbours, neighbours.dropFirst()).allSatisfy { $0.similarity >= $1.similarity })
            #expect(neighbours.allSatisfy { $0.similarity > 0 && $0.similarity <= 1 })
        }
        #expect(similarity.neighbours(of: UUID()).isEmpty)
    }

    @Test func aThousandCourseCatalogueGetsNeighboursWithinItsCluster() {
        let dataset = TasteClusterDataset.generate(courseCount: 1_000, learnerCount: 10)
        let similarity = ContentSimilarity(profiles: dataset.profiles, neighbourCount: 20)
        let domains = Dictionary(uniqueKeysWithValues: dataset.profiles.map { ($0.id, $0.domain) })
        var sameDomain = 0
        var total = 0
        for course in dataset.profiles {
            let neighbours = similarity.neighbours(of: course.id)
            #expect(neighbours.count == 20)
            total += neighbours.count
            sameDomain += neighbours.filter { domains[$0.courseID] == course.domain }.count
        }
        #expect(Double(sameDomain) / Double(total) > 0.9)
    }
}
