// maas-rack-register: `maas-rack register` until the maas-rack dispatcher calls runRegister().
#include <iostream>

#include "maas/rack/register_command.h"

int main(int argc, char** argv) {
    return maas::rack::runRegister(std::vector<std::string>(argv + 1, argv + argc),
                                   maas::Paths::fromProcessEnvironment(),
                                   maas::processSecretInput(), std::cout, std::cerr);
}
