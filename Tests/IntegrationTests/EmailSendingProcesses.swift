import Testing

/// The process suites whose workers consume `email.send`. Delivery is idempotent per command
/// across consumer groups (the delivery log is shared), so two such workers running at once
/// would each deliver some of the other's commands to the wrong SMTP sink: their tests run one
/// after the other (`.serialized` applies to nested suites).
@Suite("Processes that send email", .serialized)
enum EmailSendingProcesses {}
