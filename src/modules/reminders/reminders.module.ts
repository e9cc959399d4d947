import { Module } from '@nestjs/common';
import { RemindersController } from './reminders.controller.js';

/** What was sent, to whom and why. (Sending is `dunghan remind` / the reminder job.) */
@Module({ controllers: [RemindersController] })
export class RemindersModule {}
