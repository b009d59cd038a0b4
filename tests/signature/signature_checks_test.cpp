// SPDX-License-Identifier: Apache-2.0
#include <gtest/gtest.h>

#include "biometrics/signature/signature_checks.hpp"
#include "sim/emulators/signature_pad_emulator.hpp"
#include "sim/synthetic_signature/signature_rendition.hpp"

namespace ktpel::biometrics::signature {
namespace {

const drivers::PadGeometry kPad{9600, 6000, 100.0, 1023, 200};

std::vector<drivers::PenStroke> strokes_of(const sim::signature::Rendition& rendition)
{
    const sim::SignaturePadEmulatorSettings settings;
    std::vector<drivers::PenStroke> strokes;
    bool down = false;
    for (const auto& sample : rendition.samples) {
        if (sample.touching) {
            if (!down)
                strokes.emplace_back();
            strokes.back().samples.push_back(sim::pad_sample_of(sample, settings, 0));
        }
        down = sample.touching;
    }
    return strokes;
}

TEST(SignatureChecks, SyntheticSignaturesPass)
{
    for (std::uint64_t person = 1; person <= 20; ++person) {
        sim::signature::RenditionOptions options;
        options.impression = person * 3;
        const auto rendition =
            sim::signature::perform(sim::signature::style_of_person(person), options);
        const auto assessment = assess_signature(strokes_of(rendition), kPad);
        EXPECT_TRUE(assessment.passed())
            << "person " << person << " failed " << assessment.failed().front() << ": "
            << assessment.check(assessment.failed().front()).detail;
    }
}

TEST(SignatureChecks, AnEmptyPadFailsEveryCheck)
{
    const auto assessment = assess_signature({}, kPad);
    EXPECT_EQ(assessment.failed(),
              (std::vector<std::string>{"ink", "strokes", "duration", "size"}));
    EXPECT_EQ(assessment.measures.stroke_count, 0u);
}

TEST(SignatureChecks, MeasuresAreInMillimetresAndPadTime)
{
    drivers::PenStroke stroke;
    stroke.samples = {{1000, 1000, 500, 100, drivers::PenContact::down},
                      {4000, 1000, 500, 400, drivers::PenContact::down},
                      {4000, 5000, 500, 900, drivers::PenContact::down}};
    const auto assessment = assess_signature({stroke}, kPad);
    EXPECT_DOUBLE_EQ(assessment.measures.ink_length_mm, 70.0);
    EXPECT_DOUBLE_EQ(assessment.measures.duration_ms, 800.0);
    EXPECT_DOUBLE_EQ(assessment.measures.width_mm, 30.0);
    EXPECT_DOUBLE_EQ(assessment.measures.height_mm, 40.0);
    EXPECT_TRUE(assessment.passed());
    EXPECT_EQ(assessment.check("size").value, 30.0);
    EXPECT_THROW(assessment.check("beauty"), std::out_of_range);
}

TEST(SignatureChecks, AShortDashFailsInkDurationAndSize)
{
    drivers::PenStroke dash;
    dash.samples = {{1000, 1000, 500, 0, drivers::PenContact::down},
                    {1800, 1000, 500, 100, drivers::PenContact::down}};
    const auto assessment = assess_signature({dash}, kPad);
    EXPECT_EQ(assessment.failed(), (std::vector<std::string>{"ink", "duration", "size"}));
}

TEST(SignatureChecks, TooManyStrokesIsScribbling)
{
    std::vector<drivers::PenStroke> dots;
    for (std::uint16_t i = 0; i < 50; ++i) {
        drivers::PenStroke dot;
        dot.samples = {{static_cast<std::uint16_t>(100 * i), 1000, 500,
                        static_cast<std::uint32_t>(50 * i), drivers::PenContact::down}};
        dots.push_back(dot);
    }
    EXPECT_FALSE(assess_signature(dots, kPad).check("strokes").passed);
}

} // namespace
} // namespace ktpel::biometrics::signature
