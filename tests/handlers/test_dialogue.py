"""The conversation's thread through the real handlers: follow-ups, typed choices, asking for a person."""

from __future__ import annotations

from tests.handlers.conftest import STAFF_CHAT, Harness


def topic(data: list[str]) -> str | None:
    """What the reply is about: the entry it answered with, else the first topic it offered."""
    answered = [d[4:] for d in data if d.startswith("f:u:")]
    offered = [d[2:] for d in data if d.startswith("e:")]
    return (answered or offered or [None])[0]


async def test_a_follow_up_is_read_in_the_light_of_the_last_topic_also_after_a_restart(h: Harness) -> None:
    user = h.fake.make_user(301, "Aisha", "en")
    await h.feed(h.fake.user_sends_text(user, "What is Meken-Kart?"))
    assert "f:u:meken-kart-what" in h.last(user.id).callback_data
    await h.restart()  # the context lives in the database, not in memory
    await h.feed(h.fake.user_sends_text(user, "how long does it take?"))
    with_context = h.last(user.id).callback_data
    stranger = h.fake.make_user(302, "Tom", "en")
    await h.feed(h.fake.user_sends_text(stranger, "how long does it take?"))
    without_context = h.last(stranger.id).callback_data
    assert (topic(with_context) or "").startswith("meken-kart")  # answered or offered within Meken-Kart
    assert not any(d.startswith("f:u:") for d in without_context)  # the same words alone answer nothing


async def test_typed_answers_to_a_clarify_work_like_its_buttons(h: Harness) -> None:
    user = h.fake.make_user(303, "Нурлан", "ru")
    await h.feed(h.fake.user_sends_text(user, "паспорт"))
    clarify = h.last(user.id)
    options = [d[2:] for d in clarify.callback_data if d.startswith("e:")]
    assert len(options) >= 2
    await h.feed(h.fake.user_sends_text(user, "второе"))
    assert f"f:u:{options[1]}" in h.last(user.id).callback_data
    await h.feed(h.fake.user_sends_text(user, "паспорт"))
    await h.feed(h.fake.user_sends_text(user, "ни то ни другое"))
    none = h.last(user.id)
    assert none.callback_data[0] == "x" and not any(d.startswith("e:") for d in none.callback_data)


async def test_asking_for_a_person_sends_the_last_question_on_one_tap(h: Harness) -> None:
    user = h.fake.make_user(304, "Бакыт", "ru")
    question = "где в бишкеке купить детский велосипед недорого"
    await h.feed(h.fake.user_sends_text(user, question))
    await h.feed(h.fake.user_sends_text(user, "хочу поговорить с оператором"))
    offer = h.last(user.id)
    assert offer.callback_data == ["x"]  # one confirmation, not an FAQ answer that says to press another button
    await h.feed(h.fake.user_presses_button(user, offer.message_id, "x"))
    card = h.last(STAFF_CHAT)
    assert question in card.text
    assert "#1" in h.last(user.id).text


async def test_an_out_of_scope_question_gets_its_own_reply_in_the_citizens_language(h: Harness) -> None:
    """No FAQ answer and no unrelated topics: what the bot covers, the topic menu, and an officer."""
    cases = [
        (305, "ru", "курс доллара к сому на сегодня", "вне тем этого бота"),
        (306, "ky", "Пенсияга чыгуу үчүн канча жыл стаж керек?", "боттун темаларына кирбейт"),
        (307, "en", "I'm from Tajikistan, do I need a work patent in Moscow?", "outside the topics of this bot"),
    ]
    for user_id, lang, question, says in cases:
        user = h.fake.make_user(user_id, "Citizen", lang)
        await h.feed(h.fake.user_sends_text(user, question))
        reply = h.last(user.id)
        assert says in reply.text, (lang, reply.text)
        assert "x" in reply.callback_data  # ask a consular officer
        assert any(d.startswith("g:") for d in reply.callback_data)  # the topic menu
        assert not any(d.startswith(("e:", "f:u:")) for d in reply.callback_data)  # no FAQ entry offered or answered
