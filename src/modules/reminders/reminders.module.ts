import { Module } from '@nestjs/common';
import { RemindersController } from './reminders.controller.js';

/** `GET /api/reminders`: the listing of what was sent. (Sending is `dunghan remind` / the scheduler.) */
@Module({ controllers: [RemindersController] })
export class RemindersModule {}
