import Learning
import Testing

@Suite("TextFolding")
struct TextFoldingTests {
    @Test(arguments: [
        ("Élève", "eleve"),
        ("ÉLÈVE", "eleve"),
        ("Ça, Œuvre, Straße, Æsir", "ca, oeuvre, strasse, aesir"),
        ("Noël à Zürich, señor", "noel a zurich, senor"),
        ("l’algorithme", "l'algorithme"),
        ("Tableau Croisé 2016", "tableau croise 2016"),
    ])
    func foldsCaseDiacriticsAndLigatures(input: String, folded: String) {
        #expect(TextFolding.fold(input) == folded)
    }

    @Test func decomposedTextFoldsLikePrecomposedText() {
        #expect(TextFolding.fold("e\u{301}le\u{300}ve") == TextFolding.fold("élève"))
    }

    @Test func otherScriptsAreOnlyLowerCased() {
        #expect(TextFolding.fold("ΑΒΓ") == "αβγ")
    }
}
