#include "maas/region/worker/cluster_files.h"

#include "maas/common/atomic_file.h"
#include "maas/region/worker/secret_plan.h"

namespace maas::region::worker {

namespace {

const db::Statement kLockIdentity{"cluster_identity_lock",
                                  "SELECT uuid, shared_secret FROM maas_identity FOR UPDATE"};
const db::Statement kStoreSecret{"cluster_identity_store_secret",
                                 "UPDATE maas_identity SET shared_secret = $1"};

std::optional<std::string> validSecretIn(const std::filesystem::path& file) {
    try {
        return Secret::readFile(file).hex();
    } catch (const SecretError&) {
        return std::nullopt;  // missing or malformed: the database's value is written over it
    }
}

std::optional<std::string> firstLine(const std::filesystem::path& file) {
    try {
        auto text = readFileIfExists(file);
        if (!text)
            return std::nullopt;
        while (!text->empty() && (text->back() == '\n' || text->back() == ' '))
            text->pop_back();
        return text;
    } catch (const std::exception&) {
        return std::nullopt;
    }
}

}  // namespace

ClusterFiles::ClusterFiles(std::filesystem::path secret_file, std::filesystem::path uuid_file,
                           const Logger& log)
    : secret_file_(std::move(secret_file)), uuid_file_(std::move(uuid_file)), log_(log) {}

ClusterIdentity ClusterFiles::load(db::Pool& pool) {
    SecretPlan plan;
    std::string uuid;
    db::inTransaction(pool, [&](db::Connection& conn) {
        // The row lock serialises regions starting together: one stores, the others read it.
        const auto row = conn.exec(kLockIdentity, {});
        uuid = row.text(0, 0);
        plan = planClusterSecret(row.optText(0, 1), validSecretIn(secret_file_),
                                 Secret::generate().hex());
        if (plan.store_in_db)
            conn.exec(kStoreSecret, {plan.secret_hex});
    });
    ClusterIdentity identity{uuid, Secret::fromHex(plan.secret_hex)};
    if (plan.store_in_db)
        log_.log(kSecretCreated, "stored the shared secret in the database",
                 {{"adopted_file", plan.write_file ? "no" : "yes"}});
    if (plan.file_replaced)
        log_.log(kSecretFileReplaced, "rewrote " + secret_file_.string());
    if (plan.write_file)
        writeSecret(identity.secret);
    if (firstLine(uuid_file_) != uuid)
        writeUuid(uuid);
    std::lock_guard lock(mutex_);
    loaded_ = identity;
    return identity;
}

void ClusterFiles::restore() {
    std::lock_guard lock(mutex_);
    if (!loaded_)
        return;
    // Only a missing or damaged file: one holding another valid secret was written on purpose
    // (e.g. by maas-rack register) and is answered at the next start, not fought over here.
    if (!validSecretIn(secret_file_)) {
        writeSecret(loaded_->secret);
        log_.log(kClusterFileRestored, "rewrote " + secret_file_.string());
    }
    if (!firstLine(uuid_file_)) {
        writeUuid(loaded_->maas_uuid);
        log_.log(kClusterFileRestored, "rewrote " + uuid_file_.string());
    }
}

void ClusterFiles::writeSecret(const Secret& secret) const {
    std::filesystem::create_directories(secret_file_.parent_path());
    secret.writeFile(secret_file_);
}

void ClusterFiles::writeUuid(const std::string& uuid) const {
    std::filesystem::create_directories(uuid_file_.parent_path());
    writeFileAtomically(uuid_file_, uuid + "\n", FileMode::Secret);
}

}  // namespace maas::region::worker
