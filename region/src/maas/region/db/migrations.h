#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "maas/region/db/lock_keys.h"
#include "maas/region/db/pg.h"

namespace maas::region::db {

/// One numbered SQL file from region/migrations/.
struct Migration {
    int number;
    std::string name;
    std::string sql;
};

/// The migrations compiled into this binary, in ascending order.
const std::vector<Migration>& embeddedMigrations();

/// The database was migrated by a newer release than this binary knows.
class SchemaTooNew : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// What to do given the applied numbers and the known migrations (pure).
struct MigrationPlan {
    std::vector<const Migration*> pending;
    int applied_max = 0;
    int known_max = 0;
};

/// Throws SchemaTooNew when a migration was applied that this binary does not know
/// (a newer number, or an unknown number in between).
MigrationPlan planMigrations(const std::vector<int>& applied, const std::vector<Migration>& known);

struct SchemaStatus {
    int applied_max = 0;
    int known_max = 0;
    bool current() const { return applied_max == known_max; }
};

/// Applies pending migrations, each in its own transaction, under a cluster-wide advisory
/// lock so concurrent workers and `maas init` apply each exactly once. Returns the count applied.
int applyMigrations(Connection& conn, const std::vector<Migration>& known);

/// Reads the schema state; throws SchemaTooNew like applyMigrations.
SchemaStatus schemaStatus(Connection& conn, const std::vector<Migration>& known);

}  // namespace maas::region::db
