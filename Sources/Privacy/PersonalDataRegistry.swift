import Academy
import Billing
import Chat
import Email
import Identity
import Notifications
import PersonalData

/// Every store of personal data in this build, in erasure order. A module that adds a table
/// with a user reference registers its store here; `PersonalDataCoverageTests` fails until it
/// does.
public struct PersonalDataRegistry: Sendable {
    public let stores: [any PersonalDataStore]

    /// - Precondition: store names are unique (they key the ledger).
    public init(stores: [any PersonalDataStore]) {
        precondition(Set(stores.map(\.name)).count == stores.count, "two personal-data stores share a name")
        self.stores = stores
    }

    /// The stores of this build. Identity comes first: once its erasure committed, the account
    /// can no longer sign in, whatever happens to the rest of the run.
    public static func standard(cipher: MessageCipher) -> PersonalDataRegistry {
        PersonalDataRegistry(stores: [
            IdentityPersonalData(),
            ChatPersonalData(cipher: cipher),
            NotificationsPersonalData(),
            AcademyPersonalData(),
            BillingPersonalData(),
            EmailPersonalData(),
            PrivacyPersonalData(),
        ])
    }

    /// Every declared column, as `schema.table.column`.
    public var declaredColumns: Set<String> {
        Set(stores.flatMap { $0.columns.map(\.qualifiedName) })
    }
}
