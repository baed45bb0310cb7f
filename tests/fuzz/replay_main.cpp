// Replay driver for fuzz targets when libFuzzer is not available (g++ builds, CI).
// Feeds every file of the given corpus directories, then a fixed number of deterministic
// pseudo-random inputs and mutations of the corpus, to LLVMFuzzerTestOneInput.
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace {

std::vector<std::string> loadCorpus(int argc, char** argv) {
    std::vector<std::string> inputs;
    for (int i = 1; i < argc; ++i) {
        std::filesystem::path dir(argv[i]);
        if (!std::filesystem::is_directory(dir)) {
            continue;
        }
        for (const auto& entry : std::filesystem::directory_iterator(dir)) {
            std::ifstream in(entry.path(), std::ios::binary);
            inputs.emplace_back(std::istreambuf_iterator<char>(in),
                                std::istreambuf_iterator<char>());
        }
    }
    return inputs;
}

void run(const std::string& input) {
    LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(input.data()), input.size());
}

}  // namespace

int main(int argc, char** argv) {
    const auto corpus = loadCorpus(argc, argv);
    for (const auto& input : corpus) {
        run(input);
    }
    std::mt19937 rng(20261125);
    constexpr int kRandomInputs = 20000;
    for (int i = 0; i < kRandomInputs; ++i) {
        std::string input;
        if (!corpus.empty() && i % 2 == 0) {
            input = corpus[rng() % corpus.size()];
            const int flips = 1 + static_cast<int>(rng() % 8);
            for (int f = 0; f < flips && !input.empty(); ++f) {
                input[rng() % input.size()] = static_cast<char>(rng());
            }
            if (rng() % 4 == 0) {
                input.resize(rng() % (input.size() + 1));
            }
        } else {
            input.resize(rng() % 512);
            for (auto& c : input) {
                c = static_cast<char>(rng());
            }
        }
        run(input);
    }
    std::printf("replayed %zu corpus inputs and %d generated inputs\n", corpus.size(),
                kRandomInputs);
    return 0;
}
