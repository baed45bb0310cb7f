#pragma once

#include <filesystem>
#include <string>

#include "maas/common/environment.h"
#include "maas/common/paths.h"
#include "maas/common/settings.h"

namespace maas {

// Where the embedded PostgreSQL lives and who runs it: `maas init` creates the cluster with
// these, the supervisor starts it with the same ones.

/// Socket directory of the embedded PostgreSQL; regiond.conf's database_host names it when the
/// embedded database is in use.
std::filesystem::path embeddedDatabaseSocketDir(const Paths& paths);

/// supervisor.conf's postgres_bin_dir with its default applied: the newest
/// $SNAP/usr/lib/postgresql/N/bin in the snap, else [$SNAP]/usr/lib/postgresql/15/bin.
std::filesystem::path postgresBinDir(const Settings& supervisor, const Environment& env);

/// supervisor.conf's database_os_user with its default applied (snap_daemon in the snap, else
/// postgres).
std::string databaseOsUser(const Settings& supervisor, const Paths& paths);

/// True when regiond.conf points at the embedded database's socket directory.
bool usesEmbeddedDatabase(const Settings& regiond, const Paths& paths);

}  // namespace maas
