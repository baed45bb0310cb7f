#pragma once

#include <filesystem>
#include <mutex>
#include <optional>
#include <string>

#include "maas/common/log.h"
#include "maas/common/secret.h"
#include "maas/region/db/pool.h"

namespace maas::region::worker {

inline constexpr MessageId kSecretCreated{
    "REGION_SECRET_CREATED", Severity::Info,
    "The cluster had no shared secret in its database; this region stored one."};
inline constexpr MessageId kSecretFileReplaced{
    "REGION_SECRET_FILE_REPLACED", Severity::Warn,
    "The secret file held another secret than the cluster's database; it was rewritten. Racks "
    "registered with the old secret need `maas-rack register` with the cluster's."};
inline constexpr MessageId kClusterFileRestored{
    "REGION_CLUSTER_FILE_RESTORED", Severity::Warn,
    "The shared secret or MAAS UUID file was missing or damaged and was written again."};

/// This MAAS: its UUID and rack shared secret, both kept in maas_identity.
struct ClusterIdentity {
    std::string maas_uuid;
    Secret secret;
};

/// The region's copies of the cluster identity on disk (secret, maas_uuid; 0640, group maas).
/// The database holds the truth: the first region stores the secret under the row lock, every
/// region writes the files at start and again whenever they go missing.
class ClusterFiles {
  public:
    ClusterFiles(std::filesystem::path secret_file, std::filesystem::path uuid_file,
                 const Logger& log);

    /// Reads (or creates, once, under the row lock) the identity and writes the files.
    ClusterIdentity load(db::Pool& pool);
    /// Rewrites a file that is missing or damaged; no-op before load().
    void restore();

  private:
    void writeSecret(const Secret& secret) const;
    void writeUuid(const std::string& uuid) const;

    std::filesystem::path secret_file_;
    std::filesystem::path uuid_file_;
    const Logger& log_;
    std::mutex mutex_;
    std::optional<ClusterIdentity> loaded_;
};

}  // namespace maas::region::worker
