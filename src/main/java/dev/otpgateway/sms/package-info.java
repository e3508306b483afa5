/**
 * The SMS network's own rules, which neither the gateway nor any provider chooses: how a body is
 * encoded and split into billed segments (3GPP TS 23.038 and 23.040). The gateway prices a message
 * with them and every simulated provider bills with them, so the two can never disagree on what a
 * message costs. Depends on nothing of ours.
 */
package dev.otpgateway.sms;
