import Learning
import Testing

@Suite("FAQAnswerer")
struct FAQAnswererTests {
    static let faq = [
        FAQEntry(
            id: "certificat", question: "Comment obtenir mon certificat de réussite ?",
            answer: "Le certificat est disponible dans votre espace dès que tous les quiz sont validés avec 70 % de bonnes réponses."),
        FAQEntry(
            id: "fichiers", question: "Où télécharger les fichiers d'exercice ?",
            answer: "Les fichiers d'exercice sont joints à chaque leçon, dans l'onglet Ressources sous la vidéo."),
        FAQEntry(
            id: "remboursement", question: "Puis-je me faire rembourser la formation ?",
            answer: "Vous pouvez demander un remboursement dans les 14 jours suivant l'achat, depuis la page Mes achats."),
    ]

    static func answerer(faq: [FAQEntry] = faq) throws -> FAQAnswerer {
        let passages = PassageSplitter().passages(fromLesson: try Fixtures.lesson(Fixtures.excelPivotTables), lessonID: "excel-tcd")
        return FAQAnswerer(entries: faq, lessonPassages: passages)
    }

    @Test(arguments: [
        ("Je voudrais savoir où télécharger les fichiers pour les exercices", "fichiers"),
        ("certificat de réussite : comment l'obtenir ?", "certificat"),
        ("Bonjour, comment obtenir le certificat ? Merci", "certificat"),
        ("Est-ce que je peux me faire rembourser ma formation ?", "remboursement"),
    ])
    func aRewordedFAQQuestionGetsTheFAQAnswer(question: String, entryID: String) throws {
        guard case .found(let text, let source, let score) = try Self.answerer().answer(question) else {
            Issue.record("no answer for \(question)")
            return
        }
        #expect(source == .faq(entryID: entryID))
        #expect(text == Self.faq.first { $0.id == entryID }?.answer)
        #expect(score >= FAQAnswerer.defaultThreshold && score <= 1)
    }

    @Test(arguments: [
        "Quelle est la météo demain ?",
        "Quel temps fera-t-il demain à Paris ?",
        "Qui a gagné le match de football hier soir ?",
        "Comment cuisiner une tarte aux pommes ?",
        "",
        "le la les de",
    ])
    func anUnrelatedQuestionIsNotAnswered(question: String) throws {
        #expect(try Self.answerer().answer(question) == .notFound)
    }

    @Test func aLessonQuestionIsAnsweredFromTheLessonWithoutAccents() throws {
        let reply = try Self.answerer().answer("comment actualiser un tableau croise dynamique quand les donnees source changent")
        guard case .found(let text, .lesson(let lessonID, _), _) = reply else {
            Issue.record("expected a lesson passage, got \(reply)")
            return
        }
        #expect(lessonID == "excel-tcd")
        #expect(text.contains("Actualiser"))
    }

    @Test func accentedAndUnaccentedQuestionsGetTheSameAnswer() throws {
        let answerer = try Self.answerer()
        #expect(answerer.answer("À quoi servent les segments et la chronologie ?") == answerer.answer("a quoi servent les SEGMENTS et la chronologie"))
        guard case .found(let text, _, _) = answerer.answer("a quoi servent les SEGMENTS et la chronologie") else {
            Issue.record("no answer")
            return
        }
        #expect(text.contains("segments"))
    }

    @Test func aFAQQuestionOutranksLessonTextSayingTheSame() throws {
        let faq = Self.faq + [FAQEntry(
            id: "creer-tcd", question: "Comment créer un tableau croisé dynamique ?",
            answer: "Suivez la deuxième partie de la leçon : Insertion, puis Tableau croisé dynamique.")]
        #expect(source(of: try Self.answerer(faq: faq).answer("créer un tableau croisé dynamique")) == .faq(entryID: "creer-tcd"))
    }

    @Test func aHigherThresholdRefusesWeakerMatches() throws {
        let passages = PassageSplitter().passages(fromLesson: try Fixtures.lesson(Fixtures.excelPivotTables), lessonID: "excel-tcd")
        let question = "comment actualiser un tableau croise dynamique quand les donnees source changent"
        #expect(FAQAnswerer(entries: Self.faq, lessonPassages: passages, threshold: 0.5).answer(question) != .notFound)
        #expect(FAQAnswerer(entries: Self.faq, lessonPassages: passages, threshold: 0.99).answer(question) == .notFound)
    }
}

private func source(of answer: FAQAnswer) -> AnswerSource? {
    if case .found(_, let source, _) = answer { return source }
    return nil
}
