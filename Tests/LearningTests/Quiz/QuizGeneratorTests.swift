import Foundation
import Learning
import Testing

@Suite("QuizGenerator")
struct QuizGeneratorTests {
    private func quiz(_ name: String, count: Int = 10, seed: UInt64 = 42) throws -> GeneratedQuiz {
        try QuizGenerator.generate(
            lessonText: try Fixtures.lesson(name), otherLessons: try Fixtures.otherLessons(than: name), questionCount: count, seed: seed)
    }

    @Test(arguments: Fixtures.all)
    func everyFixtureGivesTheRequestedNumberOfQuestions(name: String) throws {
        #expect(try quiz(name).questions.count == 10)
        #expect(try quiz(name, count: 1).questions.count == 1)
    }

    @Test(arguments: Fixtures.all)
    func noTwoQuestionsSharePromptOrSentence(name: String) throws {
        for seed: UInt64 in 1...5 {
            let questions = try quiz(name, count: 15, seed: seed).questions
            #expect(Set(questions.map { TextFolding.fold($0.prompt) }).count == questions.count)
            #expect(Set(questions.map { TextFolding.fold($0.explanation) }).count == questions.count)
        }
    }

    @Test(arguments: Fixtures.all)
    func theAnswerIsExactlyOnceAmongDistinctOptions(name: String) throws {
        for seed: UInt64 in 1...5 {
            for question in try quiz(name, count: 15, seed: seed).questions {
                let folded = question.options.map(TextFolding.fold)
                let answer = try #require(question.answer)
                #expect(folded.filter { $0 == TextFolding.fold(answer) }.count == 1, "\(question)")
                #expect(Set(folded).count == folded.count, "\(question)")
            }
        }
    }

    @Test(arguments: Fixtures.all)
    func clozeQuestionsBlankOneTermOfTheirSentence(name: String) throws {
        for question in try quiz(name, count: 15).questions where question.kind == .cloze {
            let answer = try #require(question.answer)
            #expect(question.options.count == 4)
            #expect(question.prompt.components(separatedBy: "_____").count == 2, "\(question.prompt)")
            let filled = question.prompt.replacingOccurrences(of: "_____", with: answer)
            #expect(TextFolding.fold(filled) == TextFolding.fold(question.explanation))
            for distractor in question.options where distractor != answer {
                let wrong = question.prompt.replacingOccurrences(of: "_____", with: distractor)
                #expect(TextFolding.fold(wrong) != TextFolding.fold(question.explanation))
            }
        }
    }

    @Test(arguments: Fixtures.all)
    func trueFalseQuestionsUseTheLessonLanguageAndStateTheSentenceOrAFalsifiedOne(name: String) throws {
        let labels = name.contains(".fr.") ? ["Vrai", "Faux"] : ["True", "False"]
        let quizzes = try (1...6).map { try quiz(name, count: 15, seed: $0) }
        let trueFalse = quizzes.flatMap(\.questions).filter { $0.kind == .trueFalse }
        #expect(!trueFalse.isEmpty)
        #expect(trueFalse.contains { $0.answerIndex == 1 }, "no false statement at all")
        let sentences = Set(SentenceSegmenter.sentences(in: try Fixtures.lesson(name)).map(TextFolding.fold))
        for question in trueFalse {
            #expect(question.options == labels)
            #expect(sentences.contains(TextFolding.fold(question.explanation)))
            if question.answerIndex == 0 {
                #expect(question.prompt == question.explanation)
            } else {
                #expect(!sentences.contains(TextFolding.fold(question.prompt)))
            }
        }
    }

    @Test(arguments: Fixtures.all)
    func aboutSeventyPercentAreClozeWhenTheLessonAllows(name: String) throws {
        let questions = try quiz(name).questions
        let cloze = questions.filter { $0.kind == .cloze }.count
        #expect((6...8).contains(cloze), "\(cloze) cloze of 10")
    }

    @Test(arguments: Fixtures.all)
    func theSameSeedGivesTheSameQuizAndSeedsVary(name: String) throws {
        let first = try quiz(name, seed: 7)
        #expect(try quiz(name, seed: 7) == first)
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        #expect(try encoder.encode(quiz(name, seed: 7)) == encoder.encode(first))
        let others = try (8...12).map { try quiz(name, seed: UInt64($0)) }
        #expect(others.contains { $0 != first })
    }

    @Test func questionsFollowTheLessonOrder() throws {
        let lesson = try Fixtures.lesson(Fixtures.vbaMacros)
        let positions = try quiz(Fixtures.vbaMacros).questions.compactMap { lesson.range(of: $0.explanation)?.lowerBound }
        #expect(positions.count == 10)
        #expect(positions == positions.sorted())
    }

    @Test func aQuizSurvivesAJSONRoundTrip() throws {
        let original = try quiz(Fixtures.excelLookupHTML)
        let decoded = try JSONDecoder().decode(GeneratedQuiz.self, from: JSONEncoder().encode(original))
        #expect(decoded == original)
    }

    @Test func htmlLessonsGiveQuestionsWithoutMarkup() throws {
        for question in try quiz(Fixtures.excelLookupHTML, count: 20).questions {
            for text in [question.prompt, question.explanation] + question.options {
                #expect(!text.contains("<") && !text.contains("&eacute;") && !text.contains("&#"))
            }
        }
    }

    static let shortLesson = """
        Le tableur Excel calcule les sommes des colonnes rapidement.
        Le tableur Excel trie les lignes des tableaux facilement.
        Le tableur Excel filtre les données des tableaux efficacement.
        Pourquoi le tableur Excel est-il si populaire auprès des comptables ?
        Excel calcule.
        Le tableur Excel calcule les sommes des colonnes rapidement.
        """

    @Test func tooLittleContentReportsTheExactNumberOfPossibleQuestions() throws {
        // Three distinct declarative sentences of 6 to 40 words; the question, the two-word
        // sentence and the repeated sentence cannot become questions.
        #expect(throws: QuizGenerationError.notEnoughContent(possible: 3)) {
            try QuizGenerator.generate(lessonText: Self.shortLesson, otherLessons: [], questionCount: 4, seed: 1)
        }
        let quiz = try QuizGenerator.generate(lessonText: Self.shortLesson, otherLessons: [], questionCount: 3, seed: 1)
        #expect(quiz.questions.count == 3)
    }

    @Test(arguments: Fixtures.all)
    func thePossibleCountReportedIsExactlyWhatCanBeGenerated(name: String) throws {
        var possible = 50
        do {
            _ = try quiz(name, count: 50)
        } catch let error as QuizGenerationError {
            guard case .notEnoughContent(let count) = error else { throw error }
            possible = count
        }
        #expect(possible >= 10)
        #expect(try quiz(name, count: possible).questions.count == possible)
        if possible < 50 {
            #expect(throws: QuizGenerationError.notEnoughContent(possible: possible)) { try quiz(name, count: possible + 1) }
        }
    }

    @Test(arguments: [0, -1, 51, 1_000])
    func questionCountsOutsideOneToFiftyAreRefused(count: Int) {
        #expect(throws: QuizGenerationError.invalidQuestionCount(count)) {
            try QuizGenerator.generate(lessonText: Self.shortLesson, otherLessons: [], questionCount: count, seed: 1)
        }
    }

    @Test func emptyLessonsCannotMakeAQuiz() {
        #expect(throws: QuizGenerationError.notEnoughContent(possible: 0)) {
            try QuizGenerator.generate(lessonText: "", otherLessons: [], questionCount: 1, seed: 1)
        }
    }

    @Test func errorsCarryACodeAndAreNotRetryable() {
        let error = QuizGenerationError.notEnoughContent(possible: 3)
        #expect(error.code == "not_enough_content")
        #expect(!error.isRetryable)
        #expect(error.description == "not_enough_content: the lesson yields 3 questions")
    }

    @Test func aFiveThousandWordLessonGivesAValidQuiz() throws {
        let lesson = try LongLesson.make(wordCount: 5_000)
        let quiz = try QuizGenerator.generate(lessonText: lesson, otherLessons: try LongLesson.otherLessons(), questionCount: 10, seed: 3)
        #expect(quiz.questions.count == 10)
        #expect(Set(quiz.questions.map { TextFolding.fold($0.prompt) }).count == 10)
    }
}

@Suite("QuizQuestion")
struct QuizQuestionTests {
    @Test func aDecodedQuestionWithABadIndexHasNoAnswerInsteadOfCrashing() throws {
        let json = #"{"kind":"cloze","prompt":"p","options":["a","b"],"answerIndex":5,"explanation":"e"}"#
        let question = try JSONDecoder().decode(QuizQuestion.self, from: Data(json.utf8))
        #expect(question.answer == nil)
        #expect(QuizQuestion(kind: .trueFalse, prompt: "p", options: ["True", "False"], answerIndex: 1, explanation: "e").answer == "False")
    }

    @Test func kindsAreStoredWithStableNames() throws {
        #expect(String(decoding: try JSONEncoder().encode(QuizQuestion.Kind.trueFalse), as: UTF8.self) == #""true_false""#)
        #expect(String(decoding: try JSONEncoder().encode(KeyTerm.Kind.properNoun), as: UTF8.self) == #""proper_noun""#)
    }
}
