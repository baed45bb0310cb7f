#pragma once

#include <filesystem>
#include <iosfwd>
#include <string>

#include "maas/common/paths.h"

namespace maas::cli {

/// How to create the embedded PostgreSQL cluster.
struct EmbeddedDatabase {
    std::filesystem::path bin_dir;  ///< initdb and postgres
    std::string os_user;            ///< runs initdb and postgres when we are root
    std::string db_user = "maas";   ///< owns db_name; not a superuser
    std::string db_name = "maasdb";
    std::string password;  ///< scram-sha-256 password of db_user (hex: safe inside SQL quotes)
    bool sync = true;      ///< syncfs the new cluster (MAAS_DB_NO_SYNC=1 skips it in tests)
};

/// True when dir holds a cluster (PG_VERSION).
bool clusterExists(const std::filesystem::path& dir);

/// Creates the cluster in paths.database_dir: initdb (password auth, no trust) into a staging
/// directory, CREATE ROLE (not a superuser) and DATABASE in single-user mode, then rename into
/// place. On failure nothing is left behind and CommandError carries the tool's last output lines.
void createEmbeddedCluster(const Paths& paths, const EmbeddedDatabase& db, std::ostream& progress);

}  // namespace maas::cli
