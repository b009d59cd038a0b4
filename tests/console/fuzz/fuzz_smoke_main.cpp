// SPDX-License-Identifier: Apache-2.0
// Runs the fuzz target without libFuzzer (a GCC build): every seed in the
// corpus directory, then a fixed number of mutations of them (seeded, so a
// failure repeats). A Clang build links libFuzzer's own main instead.
// Usage: browser_message_fuzz_smoke <corpus dir> [mutations]
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv)
{
    if (argc < 2) {
        std::cerr << "usage: " << argv[0] << " <corpus dir> [mutations]\n";
        return 2;
    }
    const long mutations = argc > 2 ? std::strtol(argv[2], nullptr, 10) : 200'000;
    std::vector<std::string> seeds;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1])) {
        std::ifstream in(entry.path(), std::ios::binary);
        seeds.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    if (seeds.empty()) {
        std::cerr << "no seeds in " << argv[1] << '\n';
        return 2;
    }
    const auto run = [](const std::string& input) {
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(input.data()), input.size());
    };
    for (const auto& seed : seeds)
        run(seed);
    std::mt19937 random(15); // fixed: the same inputs on every run
    const std::string interesting = "{}[]\",:\\0tokenidopargs.session.login\xff\xc3\x28 \x00";
    for (long round = 0; round < mutations; ++round) {
        std::string input = seeds[random() % seeds.size()];
        const int edits = 1 + static_cast<int>(random() % 8);
        for (int edit = 0; edit < edits; ++edit) {
            const auto at = input.empty() ? 0 : random() % (input.size() + 1);
            switch (random() % 4) {
            case 0: // flip a byte
                if (!input.empty())
                    input[at % input.size()] = static_cast<char>(random());
                break;
            case 1: // insert a character that matters to JSON or to us
                input.insert(at, 1, interesting[random() % interesting.size()]);
                break;
            case 2: // delete a run
                if (!input.empty())
                    input.erase(at % input.size(), 1 + random() % 4);
                break;
            default: // splice another seed in
                input.insert(at, seeds[random() % seeds.size()]);
                break;
            }
        }
        run(input);
    }
    std::cout << seeds.size() << " seeds and " << mutations << " mutations parsed\n";
    return 0;
}
