#include "maas/region/db/migrations.h"

#include <algorithm>
#include <set>

namespace maas::region::db {

MigrationPlan planMigrations(const std::vector<int>& applied, const std::vector<Migration>& known) {
    MigrationPlan plan;
    std::set<int> known_numbers;
    for (const auto& m : known) {
        known_numbers.insert(m.number);
        plan.known_max = std::max(plan.known_max, m.number);
    }
    const std::set<int> done(applied.begin(), applied.end());
    for (int n : done) {
        plan.applied_max = std::max(plan.applied_max, n);
        if (!known_numbers.contains(n))
            throw SchemaTooNew("database schema has migration " + std::to_string(n) +
                               " which this maas-regiond (knows up to " +
                               std::to_string(plan.known_max) +
                               ") does not know; upgrade this region before serving");
    }
    for (const auto& m : known)
        if (!done.contains(m.number))
            plan.pending.push_back(&m);
    std::sort(plan.pending.begin(), plan.pending.end(),
              [](const Migration* a, const Migration* b) { return a->number < b->number; });
    return plan;
}

namespace {

constexpr const char* kCreateTable =
    "CREATE TABLE IF NOT EXISTS maas_schema_migrations ("
    " number integer PRIMARY KEY, name text NOT NULL,"
    " applied timestamptz NOT NULL DEFAULT now())";

std::vector<int> appliedNumbers(Connection& conn) {
    const auto exists = conn.exec("SELECT to_regclass('maas_schema_migrations') IS NOT NULL");
    if (!exists.boolean(0, 0))
        return {};
    const auto rows = conn.exec("SELECT number FROM maas_schema_migrations");
    std::vector<int> out;
    for (int r = 0; r < rows.rows(); ++r)
        out.push_back(static_cast<int>(rows.integer(r, 0)));
    return out;
}

class AdvisoryLock {
  public:
    AdvisoryLock(Connection& conn, int64_t key) : conn_(conn), key_(std::to_string(key)) {
        conn_.exec("SELECT pg_advisory_lock($1)", {key_});
    }
    ~AdvisoryLock() {
        try {
            conn_.exec("SELECT pg_advisory_unlock($1)", {key_});
        } catch (const PgError&) {
            conn_.markBroken();  // the session ends, which releases the lock
        }
    }

  private:
    Connection& conn_;
    std::string key_;
};

}  // namespace

int applyMigrations(Connection& conn, const std::vector<Migration>& known) {
    AdvisoryLock lock(conn, kMigrationLock);
    conn.exec(kCreateTable);
    const auto plan = planMigrations(appliedNumbers(conn), known);
    for (const Migration* m : plan.pending) {
        Transaction tx(conn);
        conn.exec(m->sql);
        conn.exec("INSERT INTO maas_schema_migrations (number, name) VALUES ($1, $2)",
                  {std::to_string(m->number), m->name});
        tx.commit();
    }
    return static_cast<int>(plan.pending.size());
}

SchemaStatus schemaStatus(Connection& conn, const std::vector<Migration>& known) {
    const auto plan = planMigrations(appliedNumbers(conn), known);
    SchemaStatus status;
    status.known_max = plan.known_max;
    status.applied_max = plan.pending.empty() ? plan.known_max : plan.applied_max;
    if (!plan.pending.empty())
        status.applied_max = std::min(plan.applied_max, plan.pending.front()->number - 1);
    return status;
}

}  // namespace maas::region::db
