/**
 * The OpenAPI class of a list route's answer, declared once for every list: `pageDto(ItemDto, …)`
 * makes the named class (`ObligationPageDto`, …) of the one page shape, `ApiPage`.
 */
import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { ApiPage } from './page-view.js';

export function pageDto<T>(item: Type<T>, options: { name: string; counted: string; pageSize: number }) {
  class PageDto implements ApiPage<T> {
    @ApiProperty({ type: () => [item] })
    items!: T[];
    @ApiProperty({ type: Number, example: 1, description: 'From 1' })
    page!: number;
    @ApiProperty({ type: Number, example: options.pageSize })
    pageSize!: number;
    @ApiProperty({ type: Number, description: `${options.counted} matching the filter, over every page` })
    total!: number;
  }
  // The schema's name in components.schemas.
  Object.defineProperty(PageDto, 'name', { value: options.name });
  return PageDto;
}
