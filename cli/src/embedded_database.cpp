#include "maas/cli/embedded_database.h"

#include <fcntl.h>
#include <pwd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ostream>

#include "maas/common/atomic_file.h"
#include "maas/common/command.h"
#include "maas/common/run_as.h"
#include "maas/common/secret.h"
#include "maas/common/unique_fd.h"

namespace maas::cli {

namespace fs = std::filesystem;

namespace {

// Removes the staging directory unless released.
class StagingDir {
  public:
    explicit StagingDir(fs::path path) : path_(std::move(path)) {}
    ~StagingDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    StagingDir(const StagingDir&) = delete;
    StagingDir& operator=(const StagingDir&) = delete;
    const fs::path& path() const { return path_; }

  private:
    fs::path path_;
};

std::string tail(const fs::path& log, size_t max_chars = 1200) {
    const auto text = readFileIfExists(log).value_or("");
    return text.size() > max_chars ? text.substr(text.size() - max_chars) : text;
}

void chownTo(const fs::path& path, const std::string& user) {
    if (::geteuid() != 0) {
        return;
    }
    const struct passwd* pw = ::getpwnam(user.c_str());
    if (pw == nullptr) {
        throw CommandError("user '" + user + "' does not exist");
    }
    if (::chown(path.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
        throw CommandError("cannot chown " + path.string() + ": " + std::strerror(errno));
    }
}

void run(const std::vector<std::string>& argv, const EmbeddedDatabase& db, const std::string& input,
         const fs::path& log, const std::string& what) {
    UniqueFd out(::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644));
    if (!out) {
        throw CommandError("cannot open " + log.string() + ": " + std::strerror(errno));
    }
    std::map<std::string, std::string> env{{"PATH", "/usr/bin:/bin"}, {"LC_ALL", "C"}};
    // The snap's PostgreSQL finds its libraries on the snap's library path.
    if (const char* libraries = std::getenv("LD_LIBRARY_PATH"); libraries && *libraries) {
        env.emplace("LD_LIBRARY_PATH", libraries);
    }
    const int status = runAs(argv, db.os_user, input, out.get(), env);
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        throw CommandError(what + " failed (" + describeExit(status) + "):\n" + tail(log));
    }
    if (tail(log).find("ERROR:") != std::string::npos) {
        throw CommandError(what + " reported an error:\n" + tail(log));
    }
}

}  // namespace

bool clusterExists(const fs::path& dir) {
    return fs::exists(dir / "PG_VERSION");
}

void createEmbeddedCluster(const Paths& paths, const EmbeddedDatabase& db, std::ostream& progress) {
    const fs::path parent = paths.database_dir.parent_path();
    fs::create_directories(parent);
    // The database user must traverse (not list) the data directory to reach its cluster.
    fs::permissions(parent, fs::perms::others_exec, fs::perm_options::add);
    StagingDir staging(parent / (".db-init-" + toHex(randomBytes(4))));
    fs::create_directory(staging.path());
    fs::permissions(staging.path(), fs::perms::owner_all, fs::perm_options::replace);
    chownTo(staging.path(), db.os_user);

    // The bootstrap superuser "postgres" gets a random password nobody keeps: the region's role
    // is an ordinary role that owns its database (enough for every migration), and an operator
    // who needs the superuser uses single-user mode as the cluster's OS user.
    const fs::path pwfile = staging.path() / "pwfile";
    writeFileAtomically(pwfile, Secret::generate().hex() + "\n", FileMode::Private);
    chownTo(pwfile, db.os_user);
    const fs::path pgdata = staging.path() / "pgdata";
    const fs::path log = parent / ".db-init.log";
    std::error_code ignored;
    fs::remove(log, ignored);

    progress << "Creating the embedded PostgreSQL cluster in " << paths.database_dir.string()
             << "...\n";
    std::vector<std::string> initdb{(db.bin_dir / "initdb").string(), "-D", pgdata.string(), "-U",
                                    "postgres", "--pwfile=" + pwfile.string(),
                                    "--auth-local=scram-sha-256", "--auth-host=scram-sha-256",
                                    "--encoding=UTF8", "--locale=C",
                                    // One syncfs() below is much faster than initdb's fsync of
                                    // every file and gives the same guarantee.
                                    "--no-sync"};
    try {
        run(initdb, db, "", log, "initdb");
        // Single-user mode needs no socket and no password: nothing listens while we set up.
        run({(db.bin_dir / "postgres").string(), "--single", "-D", pgdata.string(), "-F", "-c",
             "listen_addresses=", "template1"},
            db,
            // The password goes in on standard input, never as an argument.
            "CREATE ROLE " + db.db_user + " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '" +
                db.password + "';\nCREATE DATABASE " + db.db_name + " OWNER " + db.db_user + ";\n",
            log, "creating database " + db.db_name);
    } catch (...) {
        fs::remove(log, ignored);
        throw;
    }
    fs::remove(log, ignored);
    fs::remove(pwfile);
    if (fs::exists(paths.database_dir)) {
        fs::remove(paths.database_dir);  // only an empty directory; a cluster was refused before
    }
    fs::rename(pgdata, paths.database_dir);
    if (db.sync) {
        UniqueFd dir(::open(paths.database_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
        if (!dir || ::syncfs(dir.get()) != 0) {
            throw CommandError("cannot sync " + paths.database_dir.string() + ": " +
                               std::strerror(errno));
        }
    }
}

}  // namespace maas::cli
