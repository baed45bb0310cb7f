#pragma once

#include <optional>
#include <string>

namespace maas::region::worker {

/// What a region does with the cluster's shared secret at start (pure). The database is the
/// source of truth; the file under the data directory is a copy for the host's rack and tools.
struct SecretPlan {
    std::string secret_hex;      ///< the secret this region serves racks with
    bool store_in_db = false;    ///< the database had none: adopt the file's, or a new one
    bool write_file = false;     ///< the file is missing, unreadable or differs
    bool file_replaced = false;  ///< the file held another valid secret (logged)
};

/// db_hex: maas_identity.shared_secret (nullopt = NULL); file_hex: the file's valid secret
/// (nullopt = missing or malformed); generated_hex: used only when neither exists.
SecretPlan planClusterSecret(const std::optional<std::string>& db_hex,
                             const std::optional<std::string>& file_hex,
                             const std::string& generated_hex);

}  // namespace maas::region::worker
