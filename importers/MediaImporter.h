#pragma once
#include "Importer.h"

// Audio recordings (WAV) and images (PNG, JPEG).
class MediaImporter : public Importer
{
public:
    const char *format() const override { return "media"; }
    const char *description() const override { return "Audio recordings (WAV) and images (PNG, JPEG)"; }
    int sniff(const SniffInput &in) const override;
    void run(ImportContext &ctx) const override;
};
