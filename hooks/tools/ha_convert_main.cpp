// maas-ha-convert: reads a dhcpd `failover peer` stanza (file or stdin) and prints the
// parameters for libmaas_dhcp_ha.so. Exit 0 ok, 2 bad input or usage.
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

#include "maas/hooks/failover_stanza.h"

namespace {

int usage() {
    std::cerr << "usage: maas-ha-convert --secret-file PATH [--event-socket PATH] [STANZA_FILE]\n";
    return 2;
}

}  // namespace

int main(int argc, char** argv) {
    std::string secret_file;
    std::string event_socket;
    std::string input;
    for (int i = 1; i < argc; ++i) {
        const std::string arg = argv[i];
        if ((arg == "--secret-file" || arg == "--event-socket") && i + 1 < argc) {
            (arg == "--secret-file" ? secret_file : event_socket) = argv[++i];
        } else if (!arg.empty() && arg[0] != '-' && input.empty()) {
            input = arg;
        } else {
            return usage();
        }
    }
    if (secret_file.empty()) {
        return usage();
    }
    std::string text;
    if (input.empty()) {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        std::ifstream in(input);
        if (!in) {
            std::cerr << "maas-ha-convert: cannot read " << input << "\n";
            return 2;
        }
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    try {
        auto stanza = maas::hooks::parseFailoverStanza(text);
        stanza.params["secret-file"] = secret_file;
        if (!event_socket.empty()) {
            stanza.params["event-socket"] = event_socket;
        }
        maas::hooks::parseParameters(stanza.params);  // the result must load as it is
        std::cout << maas::hooks::parametersJson(stanza.params) << "\n";
    } catch (const std::exception& e) {
        std::cerr << "maas-ha-convert: " << (input.empty() ? "stdin" : input) << ": " << e.what()
                  << "\n";
        return 2;
    }
    return 0;
}
