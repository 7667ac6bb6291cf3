"""All routers in one place."""

from fastapi import APIRouter

from bot.api.routes import callbacks, chat, console, health, kb, nlg, pages

api_router = APIRouter()
api_router.include_router(pages.router)
api_router.include_router(chat.router)
api_router.include_router(nlg.router)
api_router.include_router(health.router)
api_router.include_router(kb.router)
api_router.include_router(console.router)
api_router.include_router(callbacks.router)
