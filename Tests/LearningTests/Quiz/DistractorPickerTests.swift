@testable import Learning
import Testing

@Suite("DistractorPicker")
struct DistractorPickerTests {
    static func term(_ surface: String, _ kind: KeyTerm.Kind, score: Double = 1, occurrences: Int = 3) -> KeyTerm {
        KeyTerm(surface: surface, folded: TextFolding.fold(surface), kind: kind, score: score, occurrences: occurrences)
    }

    static let terms = [
        term("macro", .word), term("module", .word), term("procédure", .word), term("classeur", .word),
        term("macros", .word), term("modules", .word), term("cellules", .word),
        term("Visual Basic Editor", .properNoun), term("VBA", .properNoun), term("1993", .number),
    ]

    private func pick(_ answer: KeyTerm, in text: String, count: Int = 3, sameKindOnly: Bool = false, seed: UInt64 = 1) -> [String]? {
        var random = SeededRandomNumberGenerator(seed: seed)
        let sentence = AnalyzedSentence(text: text, tokenizer: Tokenizer(language: .french))
        return DistractorPicker(terms: Self.terms, language: .french)
            .distractors(for: answer, in: sentence, count: count, sameKindOnly: sameKindOnly, using: &random)
    }

    @Test func aYearGetsNearbyYearsWhenTheLessonHasTooFewNumbers() throws {
        let distractors = try #require(pick(Self.terms[9], in: "Microsoft a ajouté VBA à Excel 5.0 en 1993."))
        #expect(distractors.count == 3)
        for year in distractors {
            let value = try #require(Int(year))
            #expect(value != 1993 && (1990...1996).contains(value))
        }
    }

    @Test func aDecimalKeepsItsSeparatorAndPrecision() throws {
        let distractors = try #require(pick(Self.term("2,5", .number), in: "Le taux réduit est de 2,5 pour cent."))
        #expect(distractors.count == 3)
        #expect(distractors.allSatisfy { $0.contains(",") && $0.split(separator: ",").last?.count == 1 && $0 != "2,5" })
    }

    @Test func commonWordsNeverGetNamesOrNumbersNorTermsSharingAWord() throws {
        for seed: UInt64 in 1...20 {
            let distractors = try #require(pick(Self.terms[0], in: "Une macro automatise une tâche répétitive.", seed: seed))
            #expect(Set(distractors).isDisjoint(with: ["VBA", "Visual Basic Editor", "1993", "macros", "macro"]))
            #expect(Set(distractors.map(TextFolding.fold)).count == 3)
        }
    }

    @Test func termsAlreadyInTheSentenceAreNotOffered() throws {
        for seed: UInt64 in 1...20 {
            let distractors = try #require(pick(Self.terms[0], in: "Une macro est rangée dans un module du classeur.", count: 2, seed: seed))
            #expect(Set(distractors) == ["procédure", "cellules"])
        }
        // Only two suitable terms remain: three distractors cannot be found.
        #expect(pick(Self.terms[0], in: "Une macro est rangée dans un module du classeur.") == nil)
    }

    @Test func aTrueFalseSwapAgreesInKindAndNumber() throws {
        for seed: UInt64 in 1...20 {
            let swap = try #require(pick(Self.term("macros", .word), in: "Les macros automatisent les tâches.", count: 1, sameKindOnly: true, seed: seed))
            #expect(["modules", "cellules"].contains(swap[0]))
        }
        #expect(pick(Self.terms[8], in: "VBA est un langage.", count: 3) == nil)
    }
}
