#include <boost/test/unit_test.hpp>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <stdexcept>

#include "maas/common/secret.h"
#include "maas/common/secret_input.h"

using namespace maas;

namespace {

class FakeInput final : public SecretInput {
  public:
    bool terminal = false;
    std::deque<std::string> lines;
    std::vector<std::string> prompts;

    bool isTerminal() const override { return terminal; }
    std::optional<std::string> promptHidden(const std::string& prompt) override {
        prompts.push_back(prompt);
        return readLine();
    }
    std::optional<std::string> readLine() override {
        if (lines.empty())
            return std::nullopt;
        auto line = lines.front();
        lines.pop_front();
        return line;
    }
};

const SecretOption kSecret{"--secret", "Secret (hex/base16 encoded): ", false};
const SecretOption kPassword{"--password", "Password: ", true};

std::string messageOf(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::invalid_argument& e) {
        return e.what();
    }
    return "";
}

}  // namespace

BOOST_AUTO_TEST_SUITE(secret_input)

BOOST_AUTO_TEST_CASE(a_file_wins_and_gives_its_first_line) {
    const auto path =
        std::filesystem::temp_directory_path() / ("secret-in-" + toHex(randomBytes(4)));
    std::ofstream(path) << "abc123  \nignored\n";
    FakeInput in;
    in.lines = {"from stdin"};
    BOOST_TEST(readSecretOption(kSecret, std::nullopt, path.string(), in) == "abc123");
    BOOST_TEST(in.lines.size() == 1u);  // standard input untouched
    std::filesystem::remove(path);
    BOOST_TEST(messageOf([&] { readSecretOption(kSecret, std::nullopt, path.string(), in); }) ==
               "--secret-file: cannot read " + path.string());
}

BOOST_AUTO_TEST_CASE(value_and_file_together_are_refused) {
    FakeInput in;
    BOOST_TEST(messageOf([&] {
                   readSecretOption(kSecret, std::string("x"), std::string("/f"), in);
               }) == "--secret: give it or --secret-file, not both");
}

BOOST_AUTO_TEST_CASE(a_terminal_gets_a_prompt_and_a_pipe_is_read) {
    FakeInput tty;
    tty.terminal = true;
    tty.lines = {"s3cret"};
    BOOST_TEST(readSecretOption(kSecret, std::nullopt, std::nullopt, tty) == "s3cret");
    BOOST_TEST(tty.prompts == std::vector<std::string>{"Secret (hex/base16 encoded): "},
               boost::test_tools::per_element());
    FakeInput pipe;
    pipe.lines = {"piped\r"};
    BOOST_TEST(readSecretOption(kSecret, std::nullopt, std::nullopt, pipe) == "piped");
    BOOST_TEST(pipe.prompts.empty());
}

BOOST_AUTO_TEST_CASE(passwords_are_confirmed_on_a_terminal) {
    FakeInput tty;
    tty.terminal = true;
    tty.lines = {"pw", "pw"};
    BOOST_TEST(readSecretOption(kPassword, std::nullopt, std::nullopt, tty) == "pw");
    BOOST_TEST(tty.prompts.size() == 2u);
    FakeInput typo;
    typo.terminal = true;
    typo.lines = {"pw", "pq"};
    BOOST_TEST(messageOf([&] { readSecretOption(kPassword, std::nullopt, std::nullopt, typo); }) ==
               "--password: the two entries do not match");
}

BOOST_AUTO_TEST_CASE(nothing_at_all_names_the_option) {
    FakeInput empty;
    BOOST_TEST(messageOf([&] {
                   readSecretOption(kSecret, std::nullopt, std::nullopt, empty);
               }).starts_with("--secret: required"));
}

BOOST_AUTO_TEST_SUITE_END()
