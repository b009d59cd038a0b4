// SPDX-License-Identifier: Apache-2.0
// ktpel-virtual-sam: the issuer's SAM in the SAM reader's vpcd slot
// (docs/chip.md, "SAM commands").
#include <csignal>
#include <cstdlib>
#include <iostream>

#include <CLI/CLI.hpp>
#include <pthread.h>

#include "common/hex_bytes.hpp"
#include "sim/card_sm/issuer_keys.hpp"
#include "sim/card_sm/key_derivation.hpp"
#include "sim/virtual_sam/sam_applet.hpp"
#include "sim/vpcd/vpcd_card_slot.hpp"
#include "sim/vpcd/vpcd_protocol.hpp"

namespace {

using namespace ktpel;
namespace sm = ktpel::sim::sm;

class SamCard final : public sim::vpcd::VirtualCard
{
public:
    explicit SamCard(sm::SecretBytes issuer_key) : applet_(std::move(issuer_key)) {}

    std::vector<std::uint8_t> atr() const override
    {
        return sim::virtual_sam::SamApplet::answer_to_reset();
    }
    void power_on() override { applet_.power_on(); }
    void power_off() override { applet_.power_off(); }
    void reset() override { applet_.reset(); }
    std::vector<std::uint8_t> transmit(std::span<const std::uint8_t> command) override
    {
        return applet_.transmit(command);
    }

private:
    sim::virtual_sam::SamApplet applet_;
};

} // namespace

int main(int argc, char** argv)
{
    CLI::App app{"The virtual KTP-el SAM: a vpcd card holding the issuer master key"};
    std::string host = "127.0.0.1";
    std::uint16_t port = sim::vpcd::default_port + 1;
    std::string master_key_file;
    bool wrong_key = false;
    app.add_option("--host", host, "vpcd host (IPv4)")->capture_default_str();
    app.add_option("--port", port, "vpcd port of the SAM slot")->capture_default_str();
    auto* key_option = app.add_option("--master-key-file", master_key_file,
                                      "issuer master key (32 hex digits; default: the demo key)");
    app.add_flag("--wrong-key", wrong_key,
                 "hold a different demo key: chips made with the demo key refuse this SAM")
        ->excludes(key_option);
    CLI11_PARSE(app, argc, argv);

    sigset_t signals;
    sigemptyset(&signals);
    sigaddset(&signals, SIGINT);
    sigaddset(&signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);

    try {
        sm::SecretBytes issuer_key = wrong_key ? sm::wrong_demo_issuer_key()
                                     : master_key_file.empty()
                                         ? sm::demo_issuer_key()
                                         : sm::read_issuer_key_file(master_key_file);
        const auto kcv = sm::key_check_value(issuer_key.view());
        sim::vpcd::VpcdCardSlot reader(host, port);
        reader.insert(std::make_shared<SamCard>(std::move(issuer_key)));
        std::cerr << "ktpel-virtual-sam: vpcd " << host << ":" << port
                  << ", issuer key check value " << ktpel::to_hex(kcv)
                  << (wrong_key                 ? " (the wrong demo key)"
                      : master_key_file.empty() ? " (the published demo key)"
                                                : "")
                  << "\n";
        int signal = 0;
        sigwait(&signals, &signal);
    } catch (const std::exception& error) {
        std::cerr << "ktpel-virtual-sam: " << error.what() << "\n";
        return EXIT_FAILURE;
    }
    return EXIT_SUCCESS;
}
