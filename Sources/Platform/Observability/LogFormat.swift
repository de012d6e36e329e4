/// How log lines are written: JSON lines for machines (default), text for a developer's terminal.
public enum LogFormat: String, Sendable {
    case json
    case text
}
