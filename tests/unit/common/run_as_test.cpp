// runAs: the embedded database's setup runs initdb and postgres through it. Real processes
// (/bin/sh), no privileges needed: as a non-root user the identity never changes.
#include <boost/test/unit_test.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "maas/common/run_as.h"
#include "maas/common/unique_fd.h"

using namespace maas;

namespace {

std::string readAll(const std::filesystem::path& path) {
    std::ifstream in(path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

struct TempFile {
    std::filesystem::path path;
    UniqueFd fd;
    TempFile() {
        std::string tmpl = (std::filesystem::temp_directory_path() / "maas-runas-XXXXXX").string();
        fd = UniqueFd(::mkstemp(tmpl.data()));
        path = tmpl;
    }
    ~TempFile() { std::filesystem::remove(path); }
};

}  // namespace

BOOST_AUTO_TEST_SUITE(run_as)

BOOST_AUTO_TEST_CASE(feeds_stdin_captures_output_and_returns_the_exit) {
    TempFile out;
    const int status = runAs({"/bin/sh", "-c", "read line; echo \"got $line $GREETING\"; exit 3"},
                             "", "hello\n", out.fd.get(), {{"GREETING", "hi"}});
    BOOST_TEST(WIFEXITED(status));
    BOOST_TEST(WEXITSTATUS(status) == 3);
    BOOST_TEST(describeExit(status) == "exit 3");
    BOOST_TEST(readAll(out.path) == "got hello hi\n");
}

BOOST_AUTO_TEST_CASE(environment_is_exactly_what_is_given) {
    TempFile out;
    ::setenv("MAAS_RUN_AS_LEAK", "1", 1);
    runAs({"/usr/bin/env"}, "", "", out.fd.get(), {{"ONLY", "this"}});
    ::unsetenv("MAAS_RUN_AS_LEAK");
    BOOST_TEST(readAll(out.path) == "ONLY=this\n");
}

BOOST_AUTO_TEST_CASE(child_that_ignores_its_input_does_not_kill_us) {
    TempFile out;
    const std::string big(1 << 20, 'x');  // more than a pipe holds
    const int status = runAs({"/bin/true"}, "", big, out.fd.get(), {});
    BOOST_TEST(describeExit(status) == "exit 0");
}

BOOST_AUTO_TEST_CASE(missing_program_exits_127_naming_it) {
    TempFile out;
    const int status = runAs({"/nonexistent/initdb"}, "", "", out.fd.get(), {});
    BOOST_TEST(describeExit(status) == "exit 127");
    BOOST_TEST(readAll(out.path).find("cannot execute /nonexistent/initdb (errno 2)") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(identity_changes_only_for_root_and_unknown_users_are_refused) {
    if (::geteuid() != 0) {
        BOOST_TEST(!resolveRunIdentity("postgres").change);
        BOOST_TEST(!resolveRunIdentity("no-such-user-maas").change);
        return;
    }
    BOOST_TEST(!resolveRunIdentity("").change);
    BOOST_CHECK_THROW(resolveRunIdentity("no-such-user-maas"), SpawnError);
    const auto nobody = resolveRunIdentity("nobody");
    BOOST_TEST(nobody.change);
    BOOST_TEST(nobody.uid != 0u);
}

BOOST_AUTO_TEST_CASE(signals_are_described) {
    BOOST_TEST(describeExit(SIGKILL) == "signal 9");  // a raw wait status of a killed child
}

BOOST_AUTO_TEST_CASE(a_configuration_error_is_named) {
    BOOST_TEST(describeExit(kExitConfigError << 8) == "configuration error (exit 78)");
    BOOST_TEST(describeExit(77 << 8) == "exit 77");
}

BOOST_AUTO_TEST_SUITE_END()
