/// Words learners wrap around a question ("Bonjour, je voudrais savoir…", "Could you explain…")
/// and the verbs questions are built with ("À quoi servent…", "What does … mean"), which say
/// nothing about what is asked. Left in, they would count as unmatched terms and make a good
/// match look partial.
enum ConversationalFillers {
    static let words: Set<String> = [
        "bonjour", "bonsoir", "salut", "merci", "svp", "stp", "madame", "monsieur", "cordialement",
        "voudrais", "voudrait", "voudrions", "aimerais", "aimerait", "souhaite", "souhaiterais",
        "savoir", "sais", "besoin", "aide", "aider", "expliquer", "explique", "expliquez",
        "dire", "question", "hello", "hi", "hey", "please", "thanks", "thank", "regards", "know",
        "want", "wonder", "wondering", "like", "need", "help", "explain", "tell",
        "sert", "servent", "servir", "utiliser", "utilise", "fonctionne", "fonctionnent", "marche",
        "signifie", "signifient", "veut", "difference", "exemple", "use", "used", "using", "work",
        "works", "mean", "means", "purpose", "example",
    ]
}
