/// The video of a `video` lesson (stored as URLs; uploads go to object storage, not here).
public struct LessonVideo: Sendable, Codable, Equatable {
    public var url: String
    public var durationSeconds: Int?
    public var transcript: String?
    public var thumbnailURL: String?
}
