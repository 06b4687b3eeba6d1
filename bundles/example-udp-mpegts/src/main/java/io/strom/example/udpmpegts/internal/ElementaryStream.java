package io.strom.example.udpmpegts.internal;

/**
 * One elementary stream that the program map table announces and that this plugin can read.
 *
 * @param pid        the TS packet id carrying its PES packets
 * @param streamType the PMT stream type (0x1B H264, 0x24 H265, 0x0F AAC in ADTS, 0x06 private data)
 * @param codec      Strom's codec name ({@code H264}, {@code H265}, {@code MPEG-4 Audio}, {@code Opus})
 * @param channels   audio channels the PMT announces (Opus only), 0 when it says nothing
 */
record ElementaryStream(int pid, int streamType, String codec, int channels) {
}
