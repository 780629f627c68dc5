"""Custom Rasa input channels of the Momentum Medical assistant.

``channels.twilio_sms.TwilioSmsInput`` answers patients' text messages through
Twilio's SMS webhook (see that module for the credentials it reads).
"""
