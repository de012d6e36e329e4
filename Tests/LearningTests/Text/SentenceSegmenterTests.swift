import Foundation
import Learning
import Testing

@Suite("SentenceSegmenter")
struct SentenceSegmenterTests {
    private func split(_ text: String) -> [String] {
        SentenceSegmenter.sentences(in: text)
    }

    @Test func splitsOnTerminatorsAndLineBreaks() {
        #expect(split("Bonjour. Comment ça va ? Très bien ! Et toi…") == ["Bonjour.", "Comment ça va ?", "Très bien !", "Et toi…"])
        #expect(split("Titre\nPremière phrase. Deuxième.") == ["Titre", "Première phrase.", "Deuxième."])
    }

    @Test func englishAbbreviationsDoNotEndSentences() {
        #expect(split("Use a hashable key, e.g. a string. Dr. Smith agrees, i.e. it works.")
            == ["Use a hashable key, e.g. a string.", "Dr. Smith agrees, i.e. it works."])
        #expect(split("Compare lists vs. tuples. Mr. Turing did.") == ["Compare lists vs. tuples.", "Mr. Turing did."])
    }

    @Test func frenchAbbreviationsDoNotEndSentences() {
        #expect(split("M. Dupont et Mme. Martin arrivent. Ils sont là.") == ["M. Dupont et Mme. Martin arrivent.", "Ils sont là."])
        #expect(split("On trie, on filtre, etc. avant d'analyser.") == ["On trie, on filtre, etc. avant d'analyser."])
        #expect(split("Voir p. ex. le chapitre 3. Puis continuer.") == ["Voir p. ex. le chapitre 3.", "Puis continuer."])
        #expect(split("Voir la fig. 2 et la p. 14 du manuel.") == ["Voir la fig. 2 et la p. 14 du manuel."])
    }

    @Test func etcBeforeACapitalEndsTheSentence() {
        #expect(split("On utilise Excel, R, etc. Ensuite, on compare.") == ["On utilise Excel, R, etc.", "Ensuite, on compare."])
    }

    @Test func decimalNumbersAndVersionsDoNotEndSentences() {
        #expect(split("Pi vaut environ 3.14 et e vaut 2,718. C'est connu.") == ["Pi vaut environ 3.14 et e vaut 2,718.", "C'est connu."])
        #expect(split("Version 2.0 is out. Update from 1.9.3 now.") == ["Version 2.0 is out.", "Update from 1.9.3 now."])
    }

    @Test func initialsDoNotEndSentencesButALetterAfterALowerCaseWordDoes() {
        #expect(split("J. R. R. Tolkien wrote it. John F. Kennedy read it.") == ["J. R. R. Tolkien wrote it.", "John F. Kennedy read it."])
        #expect(split("On programme en langage R. Nous verrons Python ensuite.") == ["On programme en langage R.", "Nous verrons Python ensuite."])
    }

    @Test func terminatorsInsideQuotesBelongToTheQuote() {
        #expect(split("He said \"wait... what?\" and left. Then he came back.")
            == ["He said \"wait... what?\" and left.", "Then he came back."])
        #expect(split("Il a dit : « Attends… je réfléchis. » Puis il est parti.")
            == ["Il a dit : « Attends… je réfléchis. »", "Puis il est parti."])
        #expect(split("Elle hésita… puis répondit.") == ["Elle hésita… puis répondit."])
    }

    @Test func listMarkersDoNotMakeSentencesAndEmptyPiecesAreDropped() {
        #expect(split("1. Introduction au cours") == ["1. Introduction au cours"])
        #expect(split("  Un.   \n\n  . \n Deux.  ") == ["Un.", "Deux."])
    }

    @Test(arguments: Fixtures.all)
    func fixtureSentencesAreTrimmedAndNeverCutAnAbbreviationOrNumber(name: String) throws {
        let sentences = split(try Fixtures.lesson(name))
        #expect(sentences.count > 20)
        for sentence in sentences {
            #expect(sentence == sentence.trimmingCharacters(in: .whitespaces))
            #expect(!sentence.hasPrefix("0") && !sentence.hasPrefix("g.") && !sentence.hasPrefix("xlsm"))
        }
        #expect(!sentences.contains { $0.hasSuffix("Excel 5.") })
    }
}
