import Foundation
import Learning
import Testing

/// The lesson texts in `Fixtures/`, as plain text.
enum Fixtures {
    static let excelPivotTables = "excel-tableaux-croises-dynamiques.fr.txt"
    static let rTidyverse = "r-tidyverse.fr.txt"
    static let pythonCollections = "python-lists-dictionaries.en.txt"
    static let vbaMacros = "vba-macros.en.txt"
    static let excelLookupHTML = "excel-fonctions-recherche.fr.html"

    static let all = [excelPivotTables, rTidyverse, pythonCollections, vbaMacros, excelLookupHTML]

    /// The file's content as stored.
    static func raw(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }

    /// The lesson as plain text: HTML fixtures go through `PlainText.fromHTML`.
    static func lesson(_ name: String) throws -> String {
        let text = try raw(name)
        return name.hasSuffix(".html") ? PlainText.fromHTML(text) : text
    }

    /// The other fixtures' plain texts, standing in for the rest of a course.
    static func otherLessons(than name: String) throws -> [String] {
        try all.filter { $0 != name }.map(lesson)
    }
}
