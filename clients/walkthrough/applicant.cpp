// SPDX-License-Identifier: Apache-2.0
#include "applicant.hpp"

namespace walkthrough {

nlohmann::json Applicant::open_args() const
{
    return {
        {"nik", nik}, {"kk", kk}, {"married", false}, {"biometrics_recorded", biometrics_recorded}};
}

Applicant first_applicant()
{
    // Born 12 March 1990 (day + 40: a woman), KK issued 1 January 2015.
    return {"a woman born 12-03-1990, first KTP-el", "3508015203900001", "3508010101150003", false};
}

Applicant second_applicant()
{
    // Born 17 August 1985, KK issued 20 March 2010.
    return {"a man born 17-08-1985, without the photocopy of his KK", "3508011708850002",
            "3508012003100007", false};
}

Applicant third_applicant()
{
    // Born 25 December 2000 (a woman), KK issued 5 July 2012; recorded at
    // the regency office before, so only her card is made here.
    return {"a woman born 25-12-2000, recorded at the regency office before", "3508016512000003",
            "3508010507120004", true};
}

std::string masked_nik(const std::string& nik)
{
    if (nik.size() != 16)
        return std::string(nik.size(), '*');
    return nik.substr(0, 4) + std::string(10, '*') + nik.substr(14);
}

} // namespace walkthrough
