/// Words that are not stop words but never make a good key term: verbs, adjectives and nouns
/// common to any teaching prose ("permet", "exemple", "returns", "easier"), and number words
/// ("quatre zones" is not a concept). Key-term extraction drops them as single terms and as
/// the first or last word of a phrase. Folded when the set is built.
enum GenericWords {
    static func set(for language: TextLanguage) -> Set<String> {
        switch language {
        case .french: frenchSet
        case .english: englishSet
        }
    }

    private static let frenchSet = Set((french + frenchNumbers).map { TextFolding.fold($0) })
    private static let englishSet = Set((english + englishNumbers).map { TextFolding.fold($0) })

    private static let french = [
        "permet", "permettent", "permettre", "utilise", "utilisent", "utiliser", "utilisez", "utilisé",
        "contient", "contiennent", "indique", "indiquent", "donne", "donnent",
        "choisir", "choisissez", "choisit", "obtenir", "obtient", "obtenez", "obtenu", "suffit", "faut",
        "propose", "proposent", "présente", "affiche", "permettant", "appelle", "appelé", "appelée",
        "appelées", "appelés", "devient", "reste", "restent", "pensez", "évitez", "vérifiez",
        "ajoutez", "ajouter", "ajoute", "prend", "prennent", "prendre", "mettre", "met", "mis",
        "voit", "voir", "trouve", "trouver", "passer", "passe", "demande", "demander", "sert",
        "servir", "existe", "existent", "fonctionne", "fonctionnent", "applique", "appliquer",
        "exemple", "exemples", "fois", "cas", "façon", "manière", "chose", "choses", "partie",
        "parties", "ensemble", "moyen", "type", "types", "sorte", "nombre", "suite", "fin",
        "début", "place", "lieu", "point", "effet", "besoin", "nouveau", "nouvelle", "nouveaux",
        "nouvelles", "dernier", "dernière", "grand", "grande", "grands", "grandes", "petit",
        "petite", "petits", "petites", "simple", "simples", "seul", "seule", "seuls", "seules",
        "différent", "différente", "différents", "différentes", "possible", "facile", "rapide",
        "plupart", "généralement", "automatiquement", "immédiatement", "presque", "ailleurs",
        "partir", "exactement", "suivant", "suivante", "suivants", "suivantes", "situé", "située",
        "situées", "situés", "essentiel", "idéal", "évidente", "typique",
    ]

    private static let frenchNumbers = [
        "zéro", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix", "onze",
        "douze", "vingt", "trente", "cent", "cents", "mille", "premier", "première", "premiers",
        "premières", "deuxième", "troisième", "quatrième", "cinquième", "second", "seconde",
        "moitié", "quart",
    ]

    private static let english = [
        "means", "mean", "lets", "make", "makes", "made", "making", "use", "uses", "used",
        "using", "give", "gives", "given", "take", "takes", "taken", "show", "shows", "shown",
        "allow", "allows", "call", "calls", "called", "contain", "contains", "return", "returns",
        "returned", "write", "writes", "written", "ask", "asks", "refer", "refers", "need",
        "needs", "want", "keep", "keeps", "put", "puts", "add", "adds", "start",
        "starts", "end", "ends", "change", "find", "finds", "work", "works", "become", "becomes",
        "stay", "stays", "try", "look", "example", "examples", "way", "ways", "time", "times",
        "thing", "things", "part", "kind", "number", "lot", "instead", "usually",
        "really", "simply", "almost", "exactly", "automatically", "immediately", "new", "last",
        "next", "previous", "whole", "single", "different", "easy", "easier", "easiest", "fast",
        "faster", "fastest", "slow", "short", "shorter", "long", "longer", "large", "small",
        "big", "good", "better", "best", "right", "able", "possible", "usual", "common", "main",
        "handy", "ideal", "real", "clear", "clearer", "following", "based",
    ]

    private static let englishNumbers = [
        "zero", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven",
        "twelve", "twenty", "fifty", "hundred", "thousand", "million", "first", "second", "third",
        "fourth", "fifth", "half", "twice", "double",
    ]
}
