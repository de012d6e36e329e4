/// Product-scoped roles, plus `admin`. A user holds a set of them; routes declare what they need
/// through `AccessGuard`.
public enum Role: String, Sendable, Codable, CaseIterable, Hashable {
    case admin
    case academyLearner = "academy.learner"
    case academyInstructor = "academy.instructor"
    case marketplaceArtist = "marketplace.artist"
    case marketplaceProvider = "marketplace.provider"
    case studioCreator = "studio.creator"
    case fieldCommercial = "field.commercial"
    case fieldManager = "field.manager"
    case fieldDirector = "field.director"
    case careEmployee = "care.employee"
    case carePractitioner = "care.practitioner"
    case careHRAdmin = "care.hr_admin"

    /// What `POST /register` accepts as `role`, by its short name (learner, artist, provider,
    /// creator). Every other role is granted by an admin.
    public static let selfService: [String: Role] = [
        "learner": .academyLearner, "artist": .marketplaceArtist, "provider": .marketplaceProvider, "creator": .studioCreator,
    ]
}
